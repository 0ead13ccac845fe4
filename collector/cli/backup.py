"""`collector backup` and `collector restore`: the store copied into one file that stays
encrypted, and put back into an empty folder (see collector/storage/backup.py)."""

from __future__ import annotations

from pathlib import Path

from collector.cli import store as store_commands
from collector.cli.forms import EXIT_OK
from collector.messages import render
from collector.storage.backup import make_backup, restore_backup


def add_commands(commands) -> None:
    backup = commands.add_parser(
        "backup",
        help="备份数据（仍加密）/ back up the store (still encrypted)",
        description="备份数据到一个文件，仍加密 / Back up the store into one file, still encrypted",
    )
    backup.add_argument("--data-dir", type=Path, required=True, help="the store's folder")
    backup.add_argument("--out", type=Path, required=True, help="the backup file to write")
    backup.set_defaults(run=lambda args: store_commands.run(_backup, args))

    restore = commands.add_parser(
        "restore",
        help="从备份恢复到空文件夹 / restore a backup into an empty folder",
        description="从备份恢复 / Restore a backup into a folder that holds no store",
    )
    restore.add_argument("--from", dest="source", type=Path, required=True, help="backup file")
    restore.add_argument("--data-dir", type=Path, required=True, help="folder to restore into")
    restore.set_defaults(run=lambda args: store_commands.run(_restore, args))


def _backup(args) -> int:
    # The password proves the user may copy the data, and the copy is checked with the key.
    made = make_backup(args.data_dir, store_commands._password(), args.out)
    size_mb = f"{made.size / 1e6:.1f}"
    print(render("backup.done", {"path": made.path, "records": made.records, "size_mb": size_mb}))
    return EXIT_OK


def _restore(args) -> int:
    done = restore_backup(args.source, args.data_dir)
    print(render("restore.done", {"path": done.path, "records": done.records}))
    return EXIT_OK
