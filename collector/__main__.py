"""`python -m collector`, and the entry script of the packaged program."""

import sys

from collector.cli import main

sys.exit(main())
