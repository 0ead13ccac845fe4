"""The store's tables as SQLAlchemy Core objects, for the queries in this package.

The tables are created and changed only by `migrations.py`; a test checks that the
migrated database has exactly the columns declared here.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, Table, Text

metadata = MetaData()

records = Table(
    "records",
    metadata,
    Column("id", Text, primary_key=True),
    Column("form_id", Text, nullable=False),
    Column("form_version", Text, nullable=False),
    Column("village", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("head", Text, nullable=False),
    Column("deleted", Integer, nullable=False),
    Column("problems", Integer, nullable=False),
    Column("full_name", Text, nullable=False),
    Column("id_number", Text, nullable=False),
    Column("phone", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("name_initials", Text, nullable=False),
    Column("name_pinyin", Text, nullable=False),
    Column("sync_note", Text, nullable=False),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("record_id", Text, nullable=False),
    Column("parent", Text),
    Column("generation", Integer, nullable=False),
    Column("author", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("deleted", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("pushed", Integer, nullable=False),
    Column("resolves", Integer, nullable=False),
)

forms = Table(
    "forms",
    metadata,
    Column("form_id", Text, primary_key=True),
    Column("version", Text, primary_key=True),
    Column("definition", Text, nullable=False),
    Column("loaded_at", Text, nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Text, nullable=False),
    Column("local_revision", Text, nullable=False),
    Column("remote_revision", Text, nullable=False),
    Column("base_revision", Text),
    Column("fields", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("resolved_at", Text),
    Column("resolution", Text),
    Column("server_conflict", Integer),
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("seq", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("record_id", Text),
    Column("detail", Text, nullable=False),
    Column("prev_hash", Text, nullable=False),
    Column("hash", Text, nullable=False),
)
