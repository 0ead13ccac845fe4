"""`collector app`: open the desktop program on a data folder."""

from __future__ import annotations

from pathlib import Path

from collector.logs import setup_logging
from collector.paths import data_dir


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


def run(args) -> int:
    # Qt is loaded only for this command: the others run on servers without a display.
    from collector.ui.app import application
    from collector.ui.app import run as run_app
    from collector.ui.startup import watch_first_paint
    from collector.ui.sync import install

    setup_logging()
    watch_first_paint(application())
    return run_app(args.data_dir, extensions=[install])
