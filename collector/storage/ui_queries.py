"""Reads the desktop program needs beyond the repository API of store.py."""

from __future__ import annotations

from sqlalchemy import select

from collector.storage.schema import records, revisions
from collector.storage.store import Store


def records_with_id_number(store: Store, number: str, *, besides: str | None = None) -> list[str]:
    """Ids of the live records holding this ID number, other than `besides` (the record
    being edited), so that entry can warn before a person is surveyed twice."""
    if not number:
        return []
    query = select(records.c.id).where(records.c.id_number == number, records.c.deleted == 0)
    if besides:
        query = query.where(records.c.id != besides)
    with store.reading() as conn:
        return list(conn.execute(query).scalars())


def due_in_round(store: Store, record_id: str, opened_at: str) -> bool:
    """Whether the record was last changed or confirmed before the survey round opened
    (the half-yearly refresh asks for it again)."""
    query = (
        select(revisions.c.created_at)
        .join(records, records.c.head == revisions.c.id)
        .where(records.c.id == record_id)
    )
    with store.reading() as conn:
        changed = conn.execute(query).scalar()
    return changed is not None and changed < opened_at
