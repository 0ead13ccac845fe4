"""The server's database: a SQLite file by default, PostgreSQL in production.

Migrations run through the store's runner (collector.storage.migrations) with the
server's own list. Migration 1 creates the tables as `schema.py` declares them at
version 1; a later change of schema adds a migration and freezes the first one's tables.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import (
    Engine,
    Index,
    create_engine,
    event,
    func,
    insert,
    inspect,
    make_url,
    select,
    text,
    update,
)

from collector.server.schema import (
    SYNC_TABLES,
    divisions,
    login_throttle,
    metadata,
    records,
    refused,
    rounds,
    sequence,
    server_info,
)
from collector.storage.migrations import migrate


def _sync_tables(conn) -> None:
    # Migration 1 creates the tables as declared now, so a new database already has these;
    # one made by the previous release gets them here.
    metadata.create_all(conn, tables=list(SYNC_TABLES))
    if "deleted" not in {c["name"] for c in inspect(conn).get_columns("revisions")}:
        conn.execute(
            text("ALTER TABLE revisions ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE")
        )
    conn.execute(insert(server_info).values(key="server_id", value=str(uuid.uuid4())))
    # The change counter exists from the start: writers that found it missing would each
    # try to create it at once (one of them failing), as the first pushes did.
    if conn.execute(select(sequence.c.value).where(sequence.c.name == "changes")).first() is None:
        last = conn.execute(select(func.coalesce(func.max(records.c.seq), 0))).scalar()
        conn.execute(insert(sequence).values(name="changes", value=last))


def _sync_tables_2(conn) -> None:
    refused.create(conn, checkfirst=True)
    if "seq" not in {c["name"] for c in inspect(conn).get_columns("revisions")}:
        conn.execute(text("ALTER TABLE revisions ADD COLUMN seq INTEGER"))


def _security(conn) -> None:
    login_throttle.create(conn, checkfirst=True)
    conn.execute(text("DROP TABLE IF EXISTS login_failures"))
    if "county" not in {c["name"] for c in inspect(conn).get_columns("rounds")}:
        conn.execute(text("ALTER TABLE rounds ADD COLUMN county TEXT"))
        # The rounds so far belong to the server's county; with several counties, nobody
        # can tell whose they were: an admin account still sees them. (On SQLite a round's
        # name stays unique server-wide: its table constraint cannot be dropped in place.)
        counties = (
            conn.execute(select(divisions.c.code).where(divisions.c.level == "county"))
            .scalars()
            .all()
        )
        if len(counties) == 1:
            conn.execute(update(rounds).values(county=counties[0]))
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE rounds DROP CONSTRAINT IF EXISTS rounds_name_key"))
        Index("rounds_county_name", rounds.c.county, rounds.c.name, unique=True).create(
            conn, checkfirst=True
        )


MIGRATIONS = [
    ("base tables", lambda conn: metadata.create_all(conn)),
    ("sync: pushed revisions' answers, conflicts, server id", _sync_tables),
    ("sync: refused revisions' parents, revisions' change numbers", _sync_tables_2),
    ("security: login counters by account and by address", _security),
]


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def readable_by_others(url: str) -> list[Path]:
    """The database's files (with its -wal and -shm) that other users of the machine may
    read: they hold every record in plain text."""
    path = sqlite_file(url)
    if path is None:
        return []
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return [f for f in files if f.exists() and f.stat().st_mode & 0o077]


def _owner_only(path: Path) -> None:
    """Create the database file 0600 (its folder 0700, if made here) before SQLite opens
    it: SQLite gives the -wal and -shm files the database file's mode."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def server_engine(url: str) -> Engine:
    """The engine; a failed statement's error never quotes its parameters (the names,
    ID numbers and phones of a batch would go to the server's log)."""
    path = sqlite_file(url)
    if path is not None:
        _owner_only(path)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None},
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            # 64 MiB of pages in memory rather than SQLite's 2 MiB: record and revision ids
            # are random, so with a county's records every insert lands on another page of
            # a large index (pushes slowed by half between 10,000 and 100,000 records).
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            # The driver runs in autocommit; transactions are ours. A write takes the lock
            # at BEGIN, so what it read before writing is still true when it writes (two
            # pushes of one record cannot both extend the same head).
            write = conn.get_execution_options().get("write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return create_engine(
        url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True
    )


def prepare(url: str) -> Engine:
    engine = server_engine(url)
    migrate(engine, migrations=MIGRATIONS)
    return engine
