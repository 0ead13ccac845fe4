"""The append-only audit log: every change, unlock, failed unlock, export and approval.

Each entry carries the hash of the one before, so an entry changed or removed behind the
program's back breaks the chain at that point; `verify` finds the first broken link.
Entries hold ids and actions, never names, ID numbers or phones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from collector.revisions import canonical_json
from collector.storage.bulk import insert_many
from collector.storage.schema import audit

GENESIS = "0" * 64


def entry_hash(
    prev_hash: str, seq: int, at: str, actor: str, action: str, record_id, detail
) -> str:
    body = canonical_json([seq, at, actor, action, record_id, detail])
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


class AuditWriter:
    """Appends entries within the caller's transaction, keeping the chain's end in hand.

    Entries are written when the writer is flushed (one statement for a whole batch of
    saves); the store flushes before its transaction commits."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.rows: list[dict] = []
        last = conn.execute(select(audit.c.seq, audit.c.hash).order_by(audit.c.seq.desc()).limit(1))
        row = last.first()
        self.seq, self.hash = (row[0], row[1]) if row else (0, GENESIS)

    def flush(self) -> None:
        if self.rows:
            insert_many(self.conn, audit, self.rows)
            self.rows = []

    def add(
        self,
        actor: str,
        action: str,
        record_id: str | None = None,
        at: str | None = None,
        **detail: Any,
    ) -> None:
        at = at or dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        seq = self.seq + 1
        detail_text = canonical_json(detail)
        digest = entry_hash(self.hash, seq, at, actor, action, record_id, detail_text)
        self.rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": action,
                "record_id": record_id,
                "detail": detail_text,
                "prev_hash": self.hash,
                "hash": digest,
            }
        )
        self.seq, self.hash = seq, digest


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    reason: str


def verify(conn: Connection) -> tuple[int, BrokenLink | None]:
    """(entries checked, the first broken link or None)."""
    expected_prev, expected_seq, count = GENESIS, 1, 0
    for row in conn.execute(select(audit).order_by(audit.c.seq)):
        if row.seq != expected_seq:
            return count, BrokenLink(expected_seq, "missing")
        if row.prev_hash != expected_prev:
            return count, BrokenLink(row.seq, "prev_hash")
        digest = entry_hash(
            row.prev_hash, row.seq, row.at, row.actor, row.action, row.record_id, row.detail
        )
        if digest != row.hash:
            return count, BrokenLink(row.seq, "altered")
        expected_prev, expected_seq, count = row.hash, row.seq + 1, count + 1
    return count, None
