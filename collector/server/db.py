"""The server's database: a SQLite file by default, PostgreSQL in production.

Migrations run through the store's runner (collector.storage.migrations) with the
server's own list. Migration 1 creates the tables as `schema.py` declares them at
version 1; a later change of schema adds a migration and freezes the first one's tables.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event

from collector.server.schema import metadata
from collector.storage.migrations import migrate

MIGRATIONS = [("base tables", lambda conn: metadata.create_all(conn))]


def server_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def prepare(url: str) -> Engine:
    engine = server_engine(url)
    migrate(engine, migrations=MIGRATIONS)
    return engine
