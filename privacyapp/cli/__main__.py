"""`python -m privacyapp.cli`, the same as the `privacyapp-cli` command."""

import sys

from privacyapp.cli import main

sys.exit(main())
