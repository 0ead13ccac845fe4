"""Revision ids: `N-<hash>`, N the generation, the hash over parent id and canonical content.

The same content saved on the same parent gives the same id on any laptop and on the
server, so a batch pushed twice is recognised as the same revisions (DESIGN.md, Sync).
Canonical content is JSON with sorted keys, no spaces and Unicode text as is.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

HASH_CHARS = 32


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""One encoder for every call: `json.dumps` with options builds a new one each time, which
costs as much as encoding a small value (the server encodes several per pushed record)."""


def canonical_json(value: Any) -> str:
    return _CANONICAL.encode(value)


def revision_content(
    record_id: str, data: dict[str, Any], status: str, deleted: bool = False, reason: str = ""
) -> dict:
    """What a revision's id covers: the record, its answers and their workflow state. The
    record id is in it so that two people's identical first revisions stay two revisions."""
    return {
        "data": data,
        "deleted": deleted,
        "reason": reason,
        "record": record_id,
        "status": status,
    }


def revision_id(parent: str | None, content: dict[str, Any]) -> str:
    generation = generation_of(parent) + 1 if parent else 1
    digest = hashlib.sha256(f"{parent or ''}\n{canonical_json(content)}".encode())
    return f"{generation}-{digest.hexdigest()[:HASH_CHARS]}"


def generation_of(revision: str) -> int:
    number, sep, _ = revision.partition("-")
    if not sep or not number.isdigit():
        raise ValueError(f"not a revision id: {revision!r}")
    return int(number)


def revision_id_from_text(
    parent: str | None, record_id: str, data_text: str, status: str, deleted: bool, reason: str
) -> str:
    """`revision_id` for answers already in canonical JSON: the content's canonical text is
    put together around them instead of serialising them again (the server checks every
    pushed revision's id and stores the same text)."""
    # Keys in sorted order, as canonical_json writes them.
    tail = canonical_json(
        {"deleted": deleted, "reason": reason, "record": record_id, "status": status}
    )
    text = '{"data":' + data_text + "," + tail[1:]
    generation = generation_of(parent) + 1 if parent else 1
    digest = hashlib.sha256(f"{parent or ''}\n{text}".encode())
    return f"{generation}-{digest.hexdigest()[:HASH_CHARS]}"
