"""The `collector` command. Messages are in Chinese unless `--lang en` is given.

Each command module adds its sub-commands with `add_commands` and sets `run`; store
commands run through `store.run`, which turns what a user can cause (a wrong password, a
missing store) into a message and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from collector import __version__
from collector.cli import app, backup, demo, forms, ledger, selfcheck, store
from collector.cli import sync as sync_commands
from collector.messages import LANGUAGES, set_language


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="collector", description="外出劳动力资源信息采集 / Out-migrant labour survey"
    )
    main_parser.add_argument("--version", action="version", version=f"collector {__version__}")
    main_parser.add_argument(
        "--lang", choices=LANGUAGES, default="zh", help="message language (anywhere in the line)"
    )
    main_parser.add_argument(
        "--self-check", action="store_true", help="自检 / check that the installation works"
    )
    commands = main_parser.add_subparsers(dest="command", metavar="COMMAND")
    forms.add_commands(commands)
    store.add_commands(commands)
    ledger.add_commands(commands)
    app.add_commands(commands)
    backup.add_commands(commands)
    demo.add_commands(commands)
    sync_commands.add_commands(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    # `--lang en` is taken wherever it stands (`collector records list --lang en` too), so
    # that no sub-command has to declare it; `--` still ends the options.
    language = argparse.ArgumentParser(prog="collector", add_help=False, allow_abbrev=False)
    language.add_argument("--lang", choices=LANGUAGES, default="zh")
    found, rest = language.parse_known_args(sys.argv[1:] if argv is None else list(argv))
    set_language(found.lang)
    main_parser = parser()
    args = main_parser.parse_args(rest)
    if args.self_check:
        return selfcheck.run(args)
    command = getattr(args, "run", None)
    if command is None:
        main_parser.print_help()
        return 0
    if command.__module__ in (store.__name__, sync_commands.__name__):
        return store.run(command, args)
    return command(args)


if __name__ == "__main__":
    sys.exit(main())
