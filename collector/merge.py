"""Three-way merge of two revisions of one record against their common ancestor.

One function, used by the county server on a push, by a laptop importing a bundle, and
by a person resolving a conflict, so that all of them reach the same result: the merge
depends only on its three inputs, and the merged revision's id (parent + content) comes
out the same wherever it is computed. `incoming` is the revision that arrives, `current`
the head it meets; the form's policies name them "client" and "server".

- A field changed on one side only takes that side.
- A field changed on both sides to different values follows the field's policy: latest
  (the later revision; ties broken by the value, never by who merges), server, client,
  union (multi-selects), or manual — the default, and what identity fields use.
- The workflow state is merged by its rules: a status changed on both sides differently,
  an approval or acceptance met by a change of answers from the other side (a stale edit
  never slips into an approved record), or a deletion met by an edit, is manual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from collector.forms.model import ConflictPolicy
from collector.revisions import canonical_json, revision_content, revision_id
from collector.wire import WireRevision
from collector.workflow import Status

STATUS_FIELD = "_status"
DELETED_FIELD = "_deleted"
LOCKED = frozenset({"approved", "accepted"})
"""Statuses whose answers a reviewer has signed off: a change from elsewhere is manual."""


@dataclass(frozen=True)
class Side:
    data: dict[str, Any]
    status: str
    reason: str = ""
    deleted: bool = False
    at: str = ""
    """When the revision was made (for the `latest` policy)."""


@dataclass(frozen=True)
class FieldConflict:
    name: str
    base: Any
    incoming: Any
    current: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "base": self.base,
            "incoming": self.incoming,
            "current": self.current,
        }


@dataclass
class Merged:
    data: dict[str, Any]
    status: str
    reason: str
    deleted: bool
    manual: list[FieldConflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.manual


def merge(
    policies: Mapping[str, ConflictPolicy], base: Side, incoming: Side, current: Side
) -> Merged:
    """Merge `incoming` into `current`. Where a field stays manual, the result holds the
    current value, and `manual` lists what a person must decide."""
    manual: list[FieldConflict] = []
    data: dict[str, Any] = {}
    changed = {"incoming": False, "current": False}
    for name in sorted(base.data.keys() | incoming.data.keys() | current.data.keys()):
        b, i, c = base.data.get(name), incoming.data.get(name), current.data.get(name)
        # What one side changed that the other does not have.
        changed["incoming"] |= i not in (b, c)
        changed["current"] |= c not in (b, i)
        if i in (c, b):
            value = c
        elif c == b:
            value = i
        else:
            policy = policies.get(name, ConflictPolicy.MANUAL)
            value = _by_policy(policy, i, c, incoming.at, current.at)
            if policy == ConflictPolicy.MANUAL:
                manual.append(FieldConflict(name, b, i, c))
        if value is not None:
            data[name] = value

    status, reason = _status(base, incoming, current, changed, manual)
    deleted = current.deleted
    if incoming.deleted != current.deleted:
        # A deletion stands only against a side that did nothing else meanwhile.
        other, key = (current, "current") if incoming.deleted else (incoming, "incoming")
        if changed[key] or (other.status, other.reason) != (base.status, base.reason):
            manual.append(FieldConflict(DELETED_FIELD, base.deleted, incoming.deleted, deleted))
        else:
            deleted = True
    return Merged(data, status, reason, deleted, manual)


def _by_policy(policy: ConflictPolicy, incoming: Any, current: Any, in_at: str, cur_at: str):
    if policy == ConflictPolicy.CLIENT:
        return incoming
    if policy == ConflictPolicy.LATEST:
        # Compare (time, value) so that equal times still give one answer everywhere.
        later = max((in_at, canonical_json(incoming)), (cur_at, canonical_json(current)))
        return incoming if later == (in_at, canonical_json(incoming)) else current
    if policy == ConflictPolicy.UNION:
        return _union(incoming, current)
    return current  # server and manual: the current value stands until a person decides


def _union(a: Any, b: Any) -> Any:
    if isinstance(a, list) or isinstance(b, list):
        return sorted({*(a or []), *(b or [])}, key=canonical_json)
    return " ".join(sorted({*str(a or "").split(), *str(b or "").split()}))


def _status(base, incoming, current, changed, manual) -> tuple[str, str]:
    ours, theirs, old = (
        (incoming.status, incoming.reason),
        (current.status, current.reason),
        (base.status, base.reason),
    )
    if ours == theirs:
        result, stale = theirs, False
    elif ours == old:
        result = theirs
        # A status the current side signed off on meets answers changed on the other side.
        stale = current.status in LOCKED and changed["incoming"]
    elif theirs == old:
        result = ours
        stale = incoming.status in LOCKED and changed["current"]
    else:
        result, stale = theirs, True
    if stale:
        manual.append(FieldConflict(STATUS_FIELD, old[0], ours[0], theirs[0]))
        result = theirs
    return result


def policies_of(form) -> dict[str, ConflictPolicy]:
    """The conflict policy of each answer of a form."""
    return {f.key: f.conflict_policy for f in form.walk() if f.holds_answer}


def merged_revision(
    incoming: WireRevision, head: str, head_at: str, head_content: dict, merged: Merged
) -> WireRevision | None:
    """The revision a clean merge of `incoming` makes on top of `head` (whose content is
    `head_content`), or None when the head holds all of it already. Made the same by the
    server and by a laptop importing a bundle, so both reach one revision id."""
    content = revision_content(
        incoming.record_id, merged.data, merged.status, merged.deleted, merged.reason
    )
    if content == head_content:
        return None
    return incoming.model_copy(
        update={
            "revision": revision_id(head, content),
            "parent": head,
            "data": merged.data,
            "status": Status(merged.status),
            "reason": merged.reason,
            "deleted": merged.deleted,
            "author": "merge",
            "created_at": max(incoming.created_at, head_at),
            "resolves": False,
        }
    )
