"""Where the program's shipped files are, from source and from a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def install_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def divisions_dir() -> Path:
    return resources_dir() / "divisions"
