"""`python -m collector`, and the entry script of the packaged program."""

import sys
from pathlib import Path

from collector.cli import main

WINDOWED_PROGRAM = "collector"
"""The packaged program users start with a double click, which passes no arguments: it
opens the desktop program. `collector-cli` and `python -m collector` print the help."""

arguments = sys.argv[1:]
double_clicked = getattr(sys, "frozen", False) and Path(sys.executable).stem == WINDOWED_PROGRAM
if double_clicked and not arguments:
    arguments = ["app"]
sys.exit(main(arguments))
