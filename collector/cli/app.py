"""`collector app`: open the desktop program on a data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir


def add_commands(commands) -> None:
    command = commands.add_parser(
        "app",
        help="打开桌面程序 / open the desktop program",
        description="打开桌面程序 / Open the desktop program",
    )
    command.add_argument(
        "--data-dir",
        type=Path,
        default=Path(user_data_dir("collector", appauthor=False)),
        help="数据文件夹 / data folder (default: the user's data folder)",
    )
    command.set_defaults(run=run)


def run(args) -> int:
    # Qt is loaded only for this command: the others run on servers without a display.
    from collector.ui.app import run as run_app
    from collector.ui.sync import install

    return run_app(args.data_dir, extensions=[install])
