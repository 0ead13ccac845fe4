"""`collector app`: open the desktop program on a data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from collector.logs import setup_logging
from collector.messages import render
from collector.paths import data_dir

EXIT_NO_DISPLAY = 2


def add_commands(commands) -> None:
    command = commands.add_parser(
        "app",
        help="打开桌面程序 / open the desktop program",
        description="打开桌面程序 / Open the desktop program",
    )
    command.add_argument(
        "--data-dir",
        type=Path,
        default=data_dir(),
        help="数据文件夹 / data folder (default: the user's data folder)",
    )
    command.set_defaults(run=run)


def has_display() -> bool:
    """False on Linux without an X11 or Wayland display (a server, CI, an ssh session)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def no_display() -> bool:
    """True, having said so, where a window cannot open: on Linux without a display, Qt
    would abort the process (exit 134) with a message about xcb that helps nobody."""
    if has_display() or os.environ.get("QT_QPA_PLATFORM"):
        return False
    print(render("cli.no_display"), file=sys.stderr)
    return True


def run(args) -> int:
    if no_display():
        return EXIT_NO_DISPLAY
    # Qt is loaded only for this command: the others run on servers without a display.
    from collector.ui.app import application
    from collector.ui.app import run as run_app
    from collector.ui.startup import watch_first_paint
    from collector.ui.sync import install

    setup_logging()
    watch_first_paint(application())
    return run_app(args.data_dir, extensions=[install])
