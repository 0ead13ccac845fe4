"""Schema migrations of the local store, applied in order, each in its own transaction.

Why not Alembic: the store lives on laptops, opened by a packaged program; its migrations
must run inside that package without a migration environment or script directory, and
some must rewrite data with the program's own code (migration 2 computes pinyin keys
with `collector.names`). An ordered list of Python functions, recorded in
`schema_migrations` as sqlite-utils does, is all that needs; a store made by any earlier
release is brought up to date when it is opened (tests/data/store-v1 is such a store).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, text

from collector.names import name_keys

Migration = Callable[[Connection], None]


def _base_tables(conn: Connection) -> None:
    for ddl in (
        # A record's answers live in its head revision only: the records table stays narrow,
        # so a search that scans it decrypts a few thousand pages, not every answer.
        """CREATE TABLE records (
            id TEXT PRIMARY KEY,
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            village TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            head TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            problems INTEGER NOT NULL DEFAULT 0,
            full_name TEXT NOT NULL DEFAULT '',
            id_number TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)""",
        "CREATE INDEX records_status ON records (status, deleted)",
        "CREATE INDEX records_village_status ON records (village, status, deleted)",
        "CREATE INDEX records_updated ON records (updated_at, id)",
        "CREATE INDEX records_id_number ON records (id_number)",
        "CREATE INDEX records_phone ON records (phone)",
        """CREATE TABLE revisions (
            id TEXT PRIMARY KEY,
            record_id TEXT NOT NULL REFERENCES records (id),
            parent TEXT,
            generation INTEGER NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            deleted INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL,
            pushed INTEGER NOT NULL DEFAULT 0)""",
        "CREATE INDEX revisions_record ON revisions (record_id, generation)",
        "CREATE INDEX revisions_unpushed ON revisions (pushed) WHERE pushed = 0",
        """CREATE TABLE forms (
            form_id TEXT NOT NULL,
            version TEXT NOT NULL,
            definition TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            PRIMARY KEY (form_id, version))""",
        """CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY,
            record_id TEXT NOT NULL REFERENCES records (id),
            local_revision TEXT NOT NULL,
            remote_revision TEXT NOT NULL,
            base_revision TEXT,
            fields TEXT NOT NULL,
            created_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT)""",
        "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            record_id TEXT,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL)""",
        # The audit log is append-only: the database itself refuses to change history.
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    ):
        conn.execute(text(ddl))


def _pinyin_search(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE records ADD COLUMN name_initials TEXT NOT NULL DEFAULT ''"))
    conn.execute(text("ALTER TABLE records ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT id, full_name FROM records WHERE full_name != ''")).all()
    for record_id, name in rows:
        initials, full = name_keys(name)
        conn.execute(
            text("UPDATE records SET name_initials = :i, name_pinyin = :p WHERE id = :id"),
            {"i": f"|{initials}|", "p": full, "id": record_id},
        )


def _page_index(conn: Connection) -> None:
    # Pages are found in this index alone (deleted, then the list's order), and only the
    # hundred rows shown are read from the table: a page from the middle of 100,000
    # records no longer decrypts the 50,000 rows before it.
    conn.execute(text("DROP INDEX records_updated"))
    conn.execute(text("CREATE INDEX records_page ON records (deleted, updated_at, id)"))


def _sync_columns(conn: Connection) -> None:
    # resolves: the revision settles a conflict (the server lets a second settlement of
    # the same conflict yield to the first). sync_note: the server's last word on the
    # record (a refusal, or other records with the same ID number), as catalogued JSON.
    conn.execute(text("ALTER TABLE revisions ADD COLUMN resolves INTEGER NOT NULL DEFAULT 0"))
    conn.execute(text("ALTER TABLE records ADD COLUMN sync_note TEXT NOT NULL DEFAULT ''"))
    conn.execute(text("ALTER TABLE conflicts ADD COLUMN server_conflict INTEGER"))
    conn.execute(
        text("CREATE INDEX conflicts_open ON conflicts (record_id) WHERE resolved_at IS NULL")
    )
    # Unsent revisions are read in (generation, id) order, a batch at a time: from this
    # index each batch starts where the last ended, instead of sorting all that is left.
    conn.execute(text("DROP INDEX revisions_unpushed"))
    # A village's page of the record list, newest first, from the index alone (without it
    # the list walked the whole page index: 110-160 ms at 100,000 records, now ~5 ms).
    conn.execute(
        text("CREATE INDEX records_village_page ON records (village, deleted, updated_at, id)")
    )
    conn.execute(
        text("CREATE INDEX revisions_unsent ON revisions (generation, id) WHERE pushed = 0")
    )


MIGRATIONS: list[tuple[str, Migration]] = [
    ("base tables", _base_tables),
    ("pinyin search keys of names", _pinyin_search),
    ("index for pages of the record list", _page_index),
    ("sync: resolutions, the server's notes, server conflict ids; village pages", _sync_columns),
]


def schema_version(conn: Connection) -> int:
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    )
    return conn.execute(text("SELECT coalesce(max(version), 0) FROM schema_migrations")).scalar()


def migrate(
    engine, upto: int | None = None, migrations: list[tuple[str, Migration]] | None = None
) -> list[str]:
    """Apply what is missing, each migration in one transaction; returns their names.
    The county server runs its own list through the same runner."""
    applied = []
    with engine.connect().execution_options(write=True) as conn:
        with conn.begin():
            current = schema_version(conn)
        for version, (name, step) in enumerate((migrations or MIGRATIONS)[:upto], start=1):
            if version <= current:
                continue
            with conn.begin():
                if schema_version(conn) >= version:
                    continue  # another process opening the store applied it meanwhile
                step(conn)
                conn.execute(
                    text("INSERT INTO schema_migrations VALUES (:v, :n, :at)"),
                    {"v": version, "n": name, "at": dt.datetime.now(dt.UTC).isoformat()},
                )
            applied.append(name)
    return applied
