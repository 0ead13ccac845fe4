"""Reads for ledgers: a form's records in village order, streamed.

`Store.iter_records` pages in id order; asked for one village at a time it scans the
whole table once per village (some 230 scans for a county's ledger of 100,000 records).
Here the ids are sorted by village once, from the records table alone (no answers in the
sort), and the records are then read by id, a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from sqlalchemy import select

from collector.storage.schema import records, revisions
from collector.storage.store import RecordView, Store, _view


def ids_by_village(store: Store, form_id: str, villages: Collection[str]) -> list[tuple[str, str]]:
    """(village, record id) of the form's live records in these villages, by village."""
    query = (
        select(records.c.village, records.c.id)
        .where(records.c.form_id == form_id, records.c.deleted == 0)
        .order_by(records.c.village, records.c.id)
    )
    wanted = set(villages)
    with store.reading() as conn:
        return [(village, rid) for village, rid in conn.execute(query) if village in wanted]


def records_by_id(store: Store, ids: list[str], chunk: int = 500) -> Iterator[RecordView]:
    """The records with these ids, in this order, read `chunk` at a time."""
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        query = (
            select(records, revisions.c.data)
            .join(revisions, revisions.c.id == records.c.head)
            .where(records.c.id.in_(part))
        )
        with store.reading() as conn:
            found = {row.id: row for row in conn.execute(query)}
        for rid in part:
            yield _view(found[rid])
