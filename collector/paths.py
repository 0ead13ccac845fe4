"""Where the program's shipped files are (from source and from a PyInstaller bundle), and
where a user's data and logs go."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir, user_log_dir

APP_NAME = "collector"


def install_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def divisions_dir() -> Path:
    return resources_dir() / "divisions"


def data_dir() -> Path:
    """The user's own data folder (the store, when `collector app` is given no folder):
    %LOCALAPPDATA%\\collector on Windows, ~/.local/share/collector on Linux."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """The user's log folder: %LOCALAPPDATA%\\collector\\Logs on Windows,
    ~/.local/state/collector/log on Linux."""
    return Path(user_log_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """What the program can rebuild (matplotlib's font list): %LOCALAPPDATA%\\collector\\Cache
    on Windows, ~/.cache/collector on Linux."""
    return Path(user_cache_dir(APP_NAME, appauthor=False))
