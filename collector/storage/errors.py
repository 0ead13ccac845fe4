"""What the store raises when it cannot do as asked; each names its message by `code`.

`StoreDamaged` and `DiskFull` are raised for SQLite's own failures (`fault_of`), so that
every command and the program say what happened and what to do, in the user's words,
instead of a traceback that may hold a statement's parameters (names, ID numbers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 11, 13, 26


class StoreError(Exception):
    """A store that cannot be used as asked; `code` names the message."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


class StoreDamaged(StoreError):
    """The file fails SQLCipher's page check or SQLite's structure check: a flipped byte, a
    file cut short, or another store's key file beside it. Restore from a backup."""

    def __init__(self, path: Path | str, detail: str):
        super().__init__("store.damaged", path=str(path), detail=detail)


class DiskFull(StoreError):
    """A write found no room; SQLite rolled the transaction back, nothing was half-written."""

    def __init__(self, path: Path | str, detail: str = ""):
        super().__init__("store.disk_full", path=str(path), detail=detail)


def fault_of(err: BaseException, path: Path | str) -> StoreError | None:
    """The store error a driver error means, or None when it is none of these. Only the
    driver's own message is kept: never the statement or its parameters."""
    code = getattr(err, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreDamaged(path, str(err))
    if primary == SQLITE_FULL:
        return DiskFull(path, str(err))
    return None
