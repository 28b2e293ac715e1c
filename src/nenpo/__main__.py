"""`python -m nenpo`."""

import sys

from nenpo.cli import main

sys.exit(main())
