"""The county server's tables (SQLAlchemy Core), portable between SQLite and PostgreSQL.

Times are ISO-8601 UTC text, as on the laptops, so that both databases sort and compare
them the same way. `records.seq` is the change sequence number that sync pulls from.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, MetaData, Table, Text, false

metadata = MetaData()

divisions = Table(
    "divisions",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("parent", Text, index=True),
    Column("level", Text, nullable=False),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    Column("division", Text, ForeignKey("divisions.code"), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", Text, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("expires_at", Text, nullable=False),
)

login_throttle = Table(
    "login_throttle",
    metadata,
    # One counter per account name and per client address ("account:…", "address:…"),
    # raised in one statement before a password is checked, so that parallel tries cannot
    # all read the same count; reset when its window is over.
    Column("key", Text, primary_key=True),
    Column("count", Integer, nullable=False),
    Column("since", Text, nullable=False, index=True),
)

forms = Table(
    "forms",
    metadata,
    Column("form_id", Text, primary_key=True),
    Column("version", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("definition", Text, nullable=False),
    Column("published_at", Text, nullable=False),
    Column("published_by", Text, nullable=False),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("opened_at", Text, nullable=False),
    Column("closed_at", Text),
    # Each county runs its own rounds (a server may hold several counties).
    Column("county", Text),
    Index("rounds_county_name", "county", "name", unique=True),
)

records = Table(
    "records",
    metadata,
    Column("id", Text, primary_key=True),
    Column("form_id", Text, nullable=False),
    Column("form_version", Text, nullable=False),
    Column("village", Text, nullable=False),
    Column("township", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("head", Text, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("data", Text, nullable=False),
    Column("full_name", Text, nullable=False, default=""),
    Column("id_number", Text, nullable=False, default=""),
    Column("seq", Integer, nullable=False),
    Column("confirmed_round", Integer, ForeignKey("rounds.id")),
    Column("updated_at", Text, nullable=False),
    Index("records_village_status", "village", "status"),
    Index("records_seq", "seq"),
    # A village's or a township's pages, in change order, from one index each.
    Index("records_village_seq", "village", "seq"),
    Index("records_township_seq", "township", "seq"),
    Index("records_status", "status"),
    Index("records_id_number", "id_number"),
)

record_counts = Table(
    "record_counts",
    metadata,
    # Kept by every write, so that the county's counts by division and status read a few
    # thousand rows, not every record (the records table is scanned only for a round).
    Column("village", Text, primary_key=True),
    Column("status", Text, primary_key=True),
    Column("count", Integer, nullable=False),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("record_id", Text, ForeignKey("records.id"), nullable=False, index=True),
    Column("parent", Text),
    Column("author", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("data", Text, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False, server_default=false()),
    # The change number the revision got when it became the record's head: a replayed push
    # of it is answered with it (its answer needs no row of its own in push_outcomes).
    Column("seq", Integer),
)

push_outcomes = Table(
    "push_outcomes",
    metadata,
    # What the server answered to pushed revisions, but for plain acceptances (those are
    # answered from `revisions`): a replayed batch (a laptop that lost the answer to a
    # dropped connection) gets the same answers and changes nothing.
    Column("revision", Text, primary_key=True),
    Column("record_id", Text, nullable=False),
    Column("outcome", Text, nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Text, ForeignKey("records.id"), nullable=False, index=True),
    Column("incoming", Text, nullable=False),
    Column("current", Text, nullable=False),
    Column("base", Text, nullable=False),
    Column("fields", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("resolved_by", Text),
)

server_info = Table(
    "server_info",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

refused = Table(
    "refused",
    metadata,
    # The parent of every revision the server refused: a laptop's later edits are built on
    # it, and are judged as if it never was, against the revision it was built on.
    Column("revision", Text, primary_key=True),
    Column("record_id", Text, nullable=False, index=True),
    Column("parent", Text),
)

SYNC_TABLES = (push_outcomes, conflicts, server_info)
"""Added by migration 2 (sync), with `revisions.deleted`."""

sequence = Table(
    "sequence",
    metadata,
    Column("name", Text, primary_key=True),
    Column("value", Integer, nullable=False),
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
)
