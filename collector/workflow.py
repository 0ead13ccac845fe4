"""Who may move a record from which status to which: the one place that decides it.

    draft ──submit──▶ submitted ──approve──▶ approved ──accept──▶ accepted
      ▲                  │                      │                    │
      └──── returned ◀───┴──────return──────────┴──────return────────┘

A village cadre submits (and resubmits after a return); the township approves or returns
with a reason; the county accepts or returns with a reason, also after accepting (the
half-yearly refresh reopens records). Admins may do anything a county account may.

`check_change` judges everything one revision changes (status, answers, deletion, for a
new record its first status) for the role that made it; the county server judges pushed
revisions with it and the laptop judges USB bundles with it, so neither accepts what the
other would refuse. `check_move` and `check_edit` are its parts, for the forms that offer
one action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from collector.messages import render, texts


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    ACCEPTED = "accepted"


class Role(StrEnum):
    VILLAGE = "village"
    TOWNSHIP = "township"
    COUNTY = "county"
    ADMIN = "admin"


MOVES: dict[tuple[Status, Status], frozenset[Role]] = {
    (Status.DRAFT, Status.SUBMITTED): frozenset({Role.VILLAGE}),
    (Status.RETURNED, Status.SUBMITTED): frozenset({Role.VILLAGE}),
    (Status.SUBMITTED, Status.APPROVED): frozenset({Role.TOWNSHIP}),
    (Status.SUBMITTED, Status.RETURNED): frozenset({Role.TOWNSHIP}),
    (Status.APPROVED, Status.ACCEPTED): frozenset({Role.COUNTY}),
    (Status.APPROVED, Status.RETURNED): frozenset({Role.TOWNSHIP, Role.COUNTY}),
    (Status.ACCEPTED, Status.RETURNED): frozenset({Role.COUNTY}),
}
NEEDS_REASON = frozenset({Status.RETURNED})
EDITABLE = {
    Role.VILLAGE: frozenset({Status.DRAFT, Status.RETURNED}),
    Role.TOWNSHIP: frozenset({Status.SUBMITTED}),
    Role.COUNTY: frozenset(Status),
}
"""Statuses in which a role may change a record's answers."""
DELETABLE = {
    Role.VILLAGE: frozenset({Status.DRAFT, Status.RETURNED}),
    Role.TOWNSHIP: frozenset(),
    Role.COUNTY: frozenset(Status),
}
"""Statuses in which a role may delete a record (or bring a deleted one back). A township
reviews: it returns a record rather than removing it."""
NEW = {
    Role.VILLAGE: frozenset({Status.DRAFT, Status.SUBMITTED}),
    Role.TOWNSHIP: frozenset({Status.DRAFT, Status.SUBMITTED}),
    Role.COUNTY: frozenset(Status),
}
"""The statuses a record may have when it first arrives from a role (a county account
files records it collected itself in any state)."""


@dataclass(frozen=True)
class Version:
    """A record as one revision leaves it: what the workflow judges."""

    status: Status
    data: Mapping[str, Any] = field(default_factory=dict)
    deleted: bool = False
    reason: str = ""


LABELLED = ("old", "new", "status", "role")


class WorkflowError(Exception):
    """A move or an edit the role may not make; `code` names it in the message catalogue."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        # Statuses and roles are shown by their names in the user's language.
        self.params = {
            k: texts(f"{'role' if k == 'role' else 'status'}.{v}") if k in LABELLED else v
            for k, v in params.items()
        }

    def __str__(self) -> str:
        return render(self.code, self.params)


def _powers(role: Role) -> Role:
    return Role.COUNTY if role == Role.ADMIN else role


def allowed_moves(role: Role, status: Status) -> list[Status]:
    return [new for (old, new), roles in MOVES.items() if old == status and _powers(role) in roles]


def check_move(role: Role, old: Status, new: Status, reason: str = "") -> None:
    if (old, new) not in MOVES:
        raise WorkflowError("workflow.no_such_move", old=old.value, new=new.value)
    if _powers(role) not in MOVES[(old, new)]:
        raise WorkflowError("workflow.not_your_move", role=role.value, old=old.value, new=new.value)
    if new in NEEDS_REASON and not reason.strip():
        raise WorkflowError("workflow.reason_required")


def check_edit(role: Role, status: Status) -> None:
    if status not in EDITABLE[_powers(role)]:
        raise WorkflowError("workflow.not_editable", role=role.value, status=status.value)


def check_change(role: Role, old: Version | None, new: Version) -> None:
    """Whether `role` may turn the record `old` (None: it does not exist yet) into `new`.
    Every part is judged on its own: a status move the role may make does not carry an
    edit of the answers, or a deletion, that the old status forbids it."""
    powers = _powers(role)
    if old is None:
        if new.status not in NEW[powers] or new.deleted:
            raise WorkflowError("workflow.bad_new_status", status=new.status.value)
        return
    if new.status != old.status:
        check_move(role, old.status, new.status, new.reason)
    if new.data != old.data or (new.status == old.status and new.reason != old.reason):
        check_edit(role, old.status)
    if new.deleted != old.deleted and old.status not in DELETABLE[powers]:
        raise WorkflowError("workflow.not_deletable", role=role.value, status=old.status.value)
