"""SQLAlchemy engines over SQLCipher files, with the connection settings the store needs.

- The key is set as a raw 256-bit SQLCipher key (`x'…'`), so opening costs no key
  derivation: the password's slow derivation happened once, in keys.py.
- WAL journal, synchronous=FULL (a commit that returned is on disk: a cadre's record is
  never lost to a power cut), temp_store in memory (no plaintext temp files), a busy
  timeout, and writes in `BEGIN IMMEDIATE` transactions: in WAL a deferred transaction
  that turns into a write can fail with SQLITE_BUSY_SNAPSHOT however long it waits,
  which is how "database is locked" reaches users when two threads write.
- A damaged file or a full disk raises `StoreDamaged` or `DiskFull` (errors.py) from any
  statement, with SQLite's message and never the statement's parameters.
- `plain_engine` opens an unencrypted SQLite file through the same code, only so that
  benchmarks can measure what encryption costs. Real data never goes there.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from collector.storage.errors import StoreDamaged, fault_of

CIPHER_SQLITE_VERSION = sqlcipher3.sqlite_version
"""The SQLite inside SQLCipher (the self-check names it)."""
BUSY_TIMEOUT_MS = 30_000
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
)


def cipher_engine(path: Path, key: bytes) -> Engine:
    def connect() -> Any:
        conn = sqlcipher3.dbapi2.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a log
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            _configure(conn)
        except sqlcipher3.dbapi2.DatabaseError as err:
            conn.close()
            # The key was unwrapped from keys.json, so a file it does not open is damaged
            # (or is another store's).
            raise fault_of(err, path) or StoreDamaged(path, str(err)) from None
        return conn

    engine = _engine(connect, sqlcipher3.dbapi2)

    @event.listens_for(engine, "handle_error")
    def plain(context) -> None:
        fault = fault_of(context.original_exception, path)
        if fault is not None:
            raise fault from None

    return engine


def plain_engine(path: Path) -> Engine:
    def connect() -> Any:
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        _configure(conn)
        return conn

    return _engine(connect, sqlite3)


def _configure(conn: Any) -> None:
    for pragma in PRAGMAS:
        conn.execute(pragma).fetchall()


def _engine(connect, module) -> Engine:
    # A URL without a file would get SQLite's in-memory pool; these are files shared by threads.
    engine = create_engine(
        "sqlite://", creator=connect, module=module, poolclass=QueuePool, pool_size=4
    )

    @event.listens_for(engine, "begin")
    def begin(conn) -> None:
        # The driver runs in autocommit (isolation_level=None); transactions are ours.
        write = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
