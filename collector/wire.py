"""The sync protocol's messages: one schema module, used by the county server to check
what laptops send and by laptops to check what the server answers (a malformed message
on either side is refused naming the field, never half-applied).

Push: `POST /api/v1/sync/push` with a `PushBatch` (gzip), answered by a `PushAnswer`, one
`Outcome` per revision in the order sent. Pull: `GET /api/v1/sync/changes?since=N`,
answered by a `ChangesPage`. See docs/sync.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from collector.workflow import Status

REVISION = r"^[1-9][0-9]{0,8}-[0-9a-f]{32}$"
IDENTIFIER = r"^[\w.\-]{1,100}$"
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
MAX_BATCH = 1000
PAGE = 500
MAX_SKIPPED = 100
"""Ranges of change numbers a pull may ask to leave out (they go in its URL)."""
SKIPPED = rf"^([0-9]{{1,9}}-[0-9]{{1,9}})(,[0-9]{{1,9}}-[0-9]{{1,9}}){{0,{MAX_SKIPPED - 1}}}$"


class WireRevision(BaseModel):
    """One revision of a record, as it travels."""

    record_id: str = Field(pattern=IDENTIFIER)
    revision: str = Field(pattern=REVISION)
    parent: str | None = Field(default=None, pattern=REVISION)
    form_id: str = Field(pattern=IDENTIFIER)
    form_version: str = Field(pattern=IDENTIFIER)
    village: str = Field(pattern=r"^(\d{12})?$")
    status: Status
    reason: str = Field(default="", max_length=500, pattern=PLAIN_TEXT)
    deleted: bool = False
    data: dict[str, Any]
    author: str = Field(max_length=100, pattern=PLAIN_TEXT)
    created_at: str = Field(max_length=40, pattern=PLAIN_TEXT)
    resolves: bool = False
    """Made by a person resolving a conflict (a second resolution of the same conflict
    then yields to the first, rather than making a new conflict)."""


class PushBatch(BaseModel):
    revisions: list[WireRevision] = Field(max_length=MAX_BATCH)


Kind = Literal["accepted", "merged", "conflict", "rejected", "held"]


class Outcome(BaseModel):
    revision: str
    record_id: str
    outcome: Kind
    seq: int | None = None
    merged: WireRevision | None = None
    """The revision the server made by merging (outcome merged): the record's new head."""
    conflict_id: int | None = None
    current: WireRevision | None = None
    """The server's side of a conflict."""
    base: WireRevision | None = None
    fields: list[str] = Field(default_factory=list)
    code: str = ""
    message: str = ""
    message_en: str = ""
    duplicates: list[str] = Field(default_factory=list)
    """Other records with the same ID number, for the township to look at."""


class PushAnswer(BaseModel):
    outcomes: list[Outcome]


class KnownAsk(BaseModel):
    """Which of these revisions the server has answered already (asked after a cut)."""

    revisions: list[Annotated[str, Field(pattern=REVISION)]] = Field(max_length=MAX_BATCH)


def skipped_text(ranges: list[tuple[int, int]]) -> str:
    """Ranges of change numbers as a pull's `skip` parameter: "1-500,731-900"."""
    return ",".join(f"{low}-{high}" for low, high in ranges[:MAX_SKIPPED])


def skipped_ranges(text: str) -> list[tuple[int, int]]:
    """The ranges of a `skip` parameter that matched SKIPPED."""
    pairs = (part.split("-") for part in text.split(",") if part)
    return [(int(low), int(high)) for low, high in pairs]


class Change(WireRevision):
    seq: int


class ChangesPage(BaseModel):
    server_id: str
    changes: list[Change]
    checkpoint: int
    more: bool
