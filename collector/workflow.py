"""Who may move a record from which status to which: the one place that decides it.

    draft ──submit──▶ submitted ──approve──▶ approved ──accept──▶ accepted
      ▲                  │                      │                    │
      └──── returned ◀───┴──────return──────────┴──────return────────┘

A village cadre submits (and resubmits after a return); the township approves or returns
with a reason; the county accepts or returns with a reason, also after accepting (the
half-yearly refresh reopens records). Admins may do anything a county account may. The
desktop program and the county server both call `check_move` and `check_edit`, so a
laptop cannot do what the server would refuse.
"""

from __future__ import annotations

from enum import StrEnum

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
