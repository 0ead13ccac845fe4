"""The server's database: a SQLite file by default, PostgreSQL in production.

Migrations run through the store's runner (collector.storage.migrations) with the
server's own list. Migration 1 creates the tables as `schema.py` declares them at
version 1; a later change of schema adds a migration and freezes the first one's tables.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, create_engine, event, func, insert, inspect, select, text

from collector.server.schema import (
    SYNC_TABLES,
    login_throttle,
    metadata,
    records,
    refused,
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


MIGRATIONS = [
    ("base tables", lambda conn: metadata.create_all(conn)),
    ("sync: pushed revisions' answers, conflicts, server id", _sync_tables),
    ("sync: refused revisions' parents, revisions' change numbers", _sync_tables_2),
    ("security: login counters by account and by address", _security),
]


def server_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None},
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
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def prepare(url: str) -> Engine:
    engine = server_engine(url)
    migrate(engine, migrations=MIGRATIONS)
    return engine
