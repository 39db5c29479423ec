"""``python -m parlour``: the same command line as ``parlour``."""

import sys

from .cli import main

sys.exit(main())
