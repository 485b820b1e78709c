"""`python -m privacyapp` opens the GUI, like the `privacyapp` command."""

import sys

from privacyapp.app import main

sys.exit(main())
