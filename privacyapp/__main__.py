"""`python -m privacyapp` opens the GUI, like the `privacyapp` command."""

import sys

if __name__ == "__main__":  # not when a child process (the password rater) imports this module
    from privacyapp.app import main

    sys.exit(main())
