"""The laptop's side of sync, in its store: what to push, what the server answered, what
was pulled, conflicts and their resolution, and revisions brought by a bundle.

Every function here is one transaction: a pull page and its checkpoint, a batch's answers,
a bundle, a resolution — each is applied whole or not at all (DESIGN.md, Sync). A pulled
change never replaces a head that holds unsent work: such a record is pushed again, and
the server merges it (the merge lives in one place, `collector.merge`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, func, insert, select, tuple_, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from collector.forms import division_names
from collector.forms.model import Form
from collector.merge import (
    DELETED_FIELD,
    STATUS_FIELD,
    Side,
    merge,
    merged_revision,
    policies_of,
)
from collector.messages import get_language
from collector.revisions import canonical_json, generation_of, revision_content, revision_id
from collector.storage.audit import AuditWriter
from collector.storage.schema import conflicts, records, revisions, sync_state
from collector.storage.store import Store, StoreError, now
from collector.validation import validate
from collector.wire import ChangesPage, Outcome, WireRevision
from collector.workflow import Role, Status, Version, WorkflowError, check_change

CHECKPOINT = "checkpoint"
OWN_CHANGES = "own_changes"
"""Change numbers the server gave this laptop's pushed revisions, not yet pulled past:
ranges a pull asks the server to leave out (this laptop holds those heads)."""
SERVER_ID = "server_id"
LAST_SYNC = "last_sync"
ROUND = "round"


@dataclass
class Applied:
    """What a push answer, a pull page or a bundle did to this store."""

    accepted: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    held: int = 0
    pulled: int = 0
    unchanged: int = 0
    repush: set[str] = field(default_factory=set)
    """Records whose head holds unsent work that met a newer server head."""

    def add(self, other: Applied) -> None:
        for name in ("accepted", "merged", "conflicts", "rejected", "held", "pulled", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.repush |= other.repush


@dataclass(frozen=True)
class ConflictView:
    id: int
    record_id: str
    full_name: str
    village: str
    local: dict[str, Any]
    remote: dict[str, Any]
    base: dict[str, Any]
    fields: list[dict[str, Any]]
    """[{name, base, incoming, current}]: incoming is this laptop's, current the server's."""
    created_at: str


# --- pushing ------------------------------------------------------------------------------


def unsent_count(store: Store) -> int:
    with store.reading() as conn:
        return conn.execute(select(func.count()).where(revisions.c.pushed == 0)).scalar()


def unsent(store: Store, after: tuple[int, str] = (0, ""), limit: int = 500) -> list[WireRevision]:
    """Unsent revisions after a (generation, id) key, parents before children."""
    query = (
        _as_wire()
        .where(
            revisions.c.pushed == 0,
            tuple_(revisions.c.generation, revisions.c.id) > tuple_(*after),
        )
        .order_by(revisions.c.generation, revisions.c.id)
        .limit(limit)
    )
    with store.reading() as conn:
        return [_wire(row) for row in conn.execute(query)]


def apply_outcomes(store: Store, outcomes: list[Outcome]) -> Applied:
    """Record what the server answered to a pushed batch."""
    done = Applied()
    sent = [o for o in outcomes if o.outcome not in ("held", "rejected")]
    refused = [o for o in outcomes if o.outcome == "rejected"]
    with store.writing() as conn:
        log = AuditWriter(conn)
        places: dict[tuple[str, str, str], dict[str, str]] = {}
        for outcome in outcomes:
            kind = outcome.outcome
            setattr(done, _TALLY[kind], getattr(done, _TALLY[kind]) + 1)
            if outcome.duplicates:
                _note(conn, outcome.record_id, *_duplicates_note(store, conn, outcome, places))
            if kind == "merged" and outcome.merged is not None:
                _store_revision(conn, outcome.merged)
                _advance(store, conn, outcome.merged, since=outcome.revision)
            elif kind == "conflict" and outcome.current is not None:
                for side in (outcome.current, outcome.base):
                    if side is not None:
                        _store_revision(conn, side)
                _open_conflict(store, conn, outcome)
                log.add("sync", "sync.conflict", outcome.record_id, fields=outcome.fields)
        _own_changes(conn, [o.seq for o in sent if o.seq is not None])
        # Set-wise: a batch of hundreds is two statements, not hundreds.
        ids = [o.revision for o in sent]
        conn.execute(update(revisions).where(revisions.c.id.in_(ids)).values(pushed=1))
        _catch_up(store, conn, {o.record_id for o in sent})
        cleared = [o.record_id for o in sent if not o.duplicates]
        conn.execute(
            update(records)
            .where(records.c.id.in_(cleared), records.c.sync_note != "")
            .values(sync_note="")
        )
        # A refused revision goes again next time, and its record shows the server's reason
        # until a later revision of it reaches the server: then it is over (the server
        # judges that one as if the refused one never was).
        over = _superseded(conn, [o.revision for o in refused])
        for outcome in refused:
            if outcome.revision not in over:
                _note(conn, outcome.record_id, outcome.code, outcome.message, outcome.message_en)
        log.flush()
    return done


def _superseded(conn: Connection, ids: list[str]) -> set[str]:
    """Those of these revisions whose edits went on in a child that was sent (or in a
    child that is itself superseded)."""
    over: set[str] = set()
    while ids:
        found = set(
            conn.execute(
                select(revisions.c.parent).where(
                    revisions.c.parent.in_(ids), revisions.c.pushed == 1
                )
            ).scalars()
        )
        if not found:
            break
        conn.execute(update(revisions).where(revisions.c.id.in_(found)).values(pushed=1))
        over |= found
        ids = [i for i in ids if i not in found]
    return over


_TALLY = {
    "accepted": "accepted",
    "merged": "merged",
    "conflict": "conflicts",
    "rejected": "rejected",
    "held": "held",
}


def _duplicates_note(
    store: Store,
    conn: Connection,
    outcome: Outcome,
    places: dict[tuple[str, str, str], dict[str, str]],
) -> tuple[str, str, str]:
    """The server's list of other records with this ID number, as a person reads it: the
    name and village of those this store holds, a count of the others (a record id means
    nothing to a cadre). `places` keeps each form's village names for the whole batch:
    a batch of new records can name duplicates for hundreds of them."""
    held = conn.execute(
        select(records.c.full_name, records.c.village, records.c.form_id, records.c.form_version)
        .where(records.c.id.in_(outcome.duplicates))
        .order_by(records.c.full_name, records.c.id)
    ).all()
    zh, en = [], []
    for name, village, form_id, version in held[:NAMED_DUPLICATES]:
        names = []
        for lang in ("zh", "en"):
            if (form_id, version, lang) not in places:
                form = store.kept_form(form_id, version)
                places[form_id, version, lang] = division_names(form, lang) if form else {}
            names.append(places[form_id, version, lang].get(village, village))
        zh.append(f"{name or '—'}（{names[0]}）")
        en.append(f"{name or '-'} ({names[1]})")
    more = len(held) - len(held[:NAMED_DUPLICATES])
    if more:
        zh.append(f"另有 {more} 条")
        en.append(f"{more} more")
    away = len(outcome.duplicates) - len(held)
    if away:
        zh.append(f"另有 {away} 条记录（不在本机）")
        en.append(f"{away} more record{'s' if away > 1 else ''} not on this laptop")
    return (
        "sync.duplicate",
        f"身份证号与其他记录相同：{'、'.join(zh)}",
        f"The ID number is also in: {'; '.join(en)}",
    )


NAMED_DUPLICATES = 5
"""Other records a duplicate note names; the rest this laptop holds are counted."""


def sync_note(store: Store, record_id: str) -> dict[str, str] | None:
    """The server's last word on a record ({code, zh, en}), or None."""
    with store.reading() as conn:
        value = conn.execute(select(records.c.sync_note).where(records.c.id == record_id)).scalar()
    return note_of(value)


def note_of(value: str | None) -> dict[str, str] | None:
    """A stored server note ({code, zh, en}), or None for none."""
    return json.loads(value) if value else None


def note_text(note: dict[str, str] | None) -> str:
    """A server note in the user's language ("" for none)."""
    if note is None:
        return ""
    return note["en"] if get_language() == "en" else note["zh"]


def _note(conn: Connection, record_id: str, code: str, zh: str, en: str) -> None:
    value = canonical_json({"code": code, "zh": zh, "en": en}) if code else ""
    conn.execute(update(records).where(records.c.id == record_id).values(sync_note=value))


# --- pulling ------------------------------------------------------------------------------


def checkpoint(store: Store) -> tuple[str, int]:
    """(server id, last change seen); a store that never synced has ("", 0)."""
    with store.reading() as conn:
        state = dict(conn.execute(select(sync_state.c.key, sync_state.c.value)).all())
    return state.get(SERVER_ID, ""), int(state.get(CHECKPOINT, 0))


def survey_round(store: Store) -> dict[str, Any] | None:
    """The county's open survey round as last heard from the server ({id, name,
    opened_at}), or None."""
    with store.reading() as conn:
        value = conn.execute(select(sync_state.c.value).where(sync_state.c.key == ROUND)).scalar()
    return json.loads(value) if value else None


def finish_sync(store: Store, opened: dict[str, Any] | None) -> None:
    """The end of a sync: when it finished, and the county's open survey round as the
    server said. One transaction (a commit is an fsync: a sync with nothing to do is
    mostly waiting for them)."""
    with store.writing() as conn:
        _set_state(conn, ROUND, canonical_json(opened) if opened else "")
        _set_state(conn, LAST_SYNC, now())


def reset_checkpoint(store: Store) -> None:
    """Forget the checkpoint: the next pull starts from the beginning (applying a change
    this store already has changes nothing). The change numbers of this laptop's own
    pushes go too: they may be another server's, or a restored one's."""
    with store.writing() as conn:
        _set_state(conn, CHECKPOINT, "0")
        _set_state(conn, OWN_CHANGES, "[]")


def own_changes(store: Store) -> list[tuple[int, int]]:
    """Ranges of change numbers (both ends included) that answered this laptop's own
    pushes after its checkpoint: a pull need not bring those heads back."""
    with store.reading() as conn:
        return _own_ranges(conn)


def _own_ranges(conn: Connection) -> list[tuple[int, int]]:
    value = conn.execute(select(sync_state.c.value).where(sync_state.c.key == OWN_CHANGES)).scalar()
    return [tuple(pair) for pair in json.loads(value or "[]")]


def _own_changes(conn: Connection, seqs: list[int], floor: int | None = None) -> None:
    """Add these change numbers to the laptop's own, as ranges; drop those at or below
    `floor` (a checkpoint past them)."""
    ranges = sorted([*_own_ranges(conn), *((n, n) for n in seqs)])
    joined: list[list[int]] = []
    for low, high in ranges:
        if joined and low <= joined[-1][1] + 1:
            joined[-1][1] = max(joined[-1][1], high)
        else:
            joined.append([low, high])
    if floor is not None:
        joined = [[max(low, floor + 1), high] for low, high in joined if high > floor]
    _set_state(conn, OWN_CHANGES, json.dumps(joined))


def apply_changes(store: Store, page: ChangesPage) -> Applied:
    """Apply one page of pulled changes and its checkpoint, together."""
    done = Applied()
    if not page.changes and checkpoint(store) == (page.server_id, page.checkpoint):
        return done  # nothing new: no write (`finish_sync` says when the sync ended)
    with store.writing() as conn:
        ids = [c.record_id for c in page.changes]
        heads = dict(
            conn.execute(select(records.c.id, records.c.head).where(records.c.id.in_(ids))).all()
        )
        for change in page.changes:
            if heads.get(change.record_id) == change.revision:
                # Most of a page after a push is this laptop's own work coming back.
                done.unchanged += 1
                continue
            _apply_one(store, conn, change, done)
        _set_state(conn, SERVER_ID, page.server_id)
        _set_state(conn, CHECKPOINT, str(page.checkpoint))
        _own_changes(conn, [], floor=page.checkpoint)
        _set_state(conn, LAST_SYNC, now())
    return done


def _apply_one(store: Store, conn: Connection, change: WireRevision, done: Applied) -> None:
    local = conn.execute(
        select(records.c.head, revisions.c.pushed)
        .join(revisions, revisions.c.id == records.c.head)
        .where(records.c.id == change.record_id)
    ).first()
    if local is not None and local.head == change.revision:
        done.unchanged += 1
        return
    if local is None:
        # The record first: its revisions refer to it.
        _write_record(store, conn, change, new=True)
        _store_revision(conn, change)
        done.pulled += 1
        return
    known = not _store_revision(conn, change)
    if known and _descends(conn, local.head, change.revision):
        # This laptop is ahead of the change (it made it, and more since).
        done.unchanged += 1
        return
    open_conflict = _open_conflict_id(conn, change.record_id)
    if local.pushed and open_conflict is None:
        _write_record(store, conn, change, new=False)
        done.pulled += 1
    else:
        if open_conflict is not None:
            conn.execute(
                update(conflicts)
                .where(conflicts.c.id == open_conflict)
                .values(remote_revision=change.revision)
            )
        done.repush.add(change.record_id)


def _open_conflict_id(conn: Connection, record_id: str) -> int | None:
    return conn.execute(
        select(conflicts.c.id).where(
            conflicts.c.record_id == record_id, conflicts.c.resolved_at.is_(None)
        )
    ).scalar()


def _descends(conn: Connection, revision: str, ancestor: str) -> bool:
    """Whether `revision` is `ancestor` or comes after it in the record's history here."""
    floor = generation_of(ancestor)
    cursor: str | None = revision
    while cursor is not None and generation_of(cursor) >= floor:
        if cursor == ancestor:
            return True
        cursor = conn.execute(select(revisions.c.parent).where(revisions.c.id == cursor)).scalar()
    return False


def _catch_up(store: Store, conn: Connection, record_ids: set[str]) -> None:
    """Move heads on to the newest server revision this laptop already holds after them.

    A pull keeps a newer server head aside while the record holds unsent work, trusting
    the push of that work to bring the record up to date. When the answer comes late (a
    replay after a lost connection is answered as it was the first time), it names an
    older revision than the one kept aside, and no later pull brings that one again."""
    if not record_ids:
        return
    child = revisions.alias("child")
    behind = conn.execute(
        select(records.c.id, records.c.head)
        .join(child, (child.c.record_id == records.c.id) & (child.c.parent == records.c.head))
        .where(records.c.id.in_(record_ids), child.c.pushed == 1)
        .distinct()
    ).all()
    for record_id, start in behind:
        if not _sent(conn, start) or _open_conflict_id(conn, record_id) is not None:
            continue  # unsent work goes first; a conflict's resolution decides
        children: dict[str | None, list[str]] = {}
        for revision, parent in conn.execute(
            select(revisions.c.id, revisions.c.parent).where(
                revisions.c.record_id == record_id, revisions.c.pushed == 1
            )
        ):
            children.setdefault(parent, []).append(revision)
        target = start
        while len(children.get(target, ())) == 1:
            target = children[target][0]
        if target != start:
            _write_record(store, conn, _stored_wire(conn, target), new=False)


def _sent(conn: Connection, revision: str) -> bool:
    return bool(conn.execute(select(revisions.c.pushed).where(revisions.c.id == revision)).scalar())


def _stored_wire(conn: Connection, revision: str) -> WireRevision:
    return _wire(conn.execute(_as_wire().where(revisions.c.id == revision)).first())


def _as_wire():
    """Revisions with what `_wire` needs of their record."""
    return select(revisions, records.c.form_id, records.c.form_version, records.c.village).join(
        records, records.c.id == revisions.c.record_id
    )


def _advance(store: Store, conn: Connection, head: WireRevision, since: str) -> None:
    """Make `head` the record's head if the record has not moved on from `since`."""
    current = conn.execute(select(records.c.head).where(records.c.id == head.record_id)).scalar()
    if current == since:
        _write_record(store, conn, head, new=False)


def _write_record(store: Store, conn: Connection, rev: WireRevision, new: bool) -> None:
    form = store.kept_form(rev.form_id, rev.form_version)
    if form is None:
        raise StoreError("store.unknown_form", form=rev.form_id, version=rev.form_version)
    row = {
        "head": rev.revision,
        "form_id": rev.form_id,
        "form_version": rev.form_version,
        "village": rev.village,
        "status": rev.status.value,
        "reason": rev.reason,
        "deleted": int(rev.deleted),
        "problems": len(validate(form, rev.data)),
        "updated_at": now(),
        **store.keys_of(form).columns(rev.data),
    }
    if new:
        conn.execute(insert(records).values(id=rev.record_id, created_at=rev.created_at, **row))
    else:
        conn.execute(update(records).where(records.c.id == rev.record_id).values(**row))


def _has_revision(conn: Connection, revision: str) -> bool:
    return (
        conn.execute(select(revisions.c.id).where(revisions.c.id == revision)).first() is not None
    )


def _store_revision(conn: Connection, rev: WireRevision, pushed: int = 1) -> bool:
    """Keep a revision that came from elsewhere; False if it was here already."""
    if _has_revision(conn, rev.revision):
        return False
    conn.execute(
        insert(revisions).values(
            id=rev.revision,
            record_id=rev.record_id,
            parent=rev.parent,
            generation=generation_of(rev.revision),
            author=rev.author,
            created_at=rev.created_at,
            status=rev.status.value,
            reason=rev.reason,
            deleted=int(rev.deleted),
            data=canonical_json(rev.data),
            pushed=pushed,
            resolves=int(rev.resolves),
        )
    )
    return True


def _set_state(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        sqlite_insert(sync_state)
        .values(key=key, value=value)
        .on_conflict_do_update(index_elements=["key"], set_={"value": value})
    )


# --- conflicts ----------------------------------------------------------------------------


def _open_conflict(store: Store, conn: Connection, outcome: Outcome) -> None:
    exists = conn.execute(
        select(conflicts.c.id).where(
            conflicts.c.record_id == outcome.record_id,
            conflicts.c.local_revision == outcome.revision,
        )
    ).first()
    if exists:
        return
    local = _revision(conn, outcome.revision)
    fields = merge(
        _policies(store, outcome.current),
        _side(_revision(conn, outcome.base.revision)),
        _side(local),
        _side(_revision(conn, outcome.current.revision)),
    ).manual
    conn.execute(
        insert(conflicts).values(
            record_id=outcome.record_id,
            local_revision=outcome.revision,
            remote_revision=outcome.current.revision,
            base_revision=outcome.base.revision if outcome.base else None,
            fields=canonical_json([f.as_dict() for f in fields]),
            created_at=now(),
            server_conflict=outcome.conflict_id,
        )
    )


def open_conflicts(store: Store) -> list[ConflictView]:
    query = (
        select(conflicts, records.c.full_name, records.c.village)
        .join(records, records.c.id == conflicts.c.record_id)
        .where(conflicts.c.resolved_at.is_(None))
        .order_by(conflicts.c.id)
    )
    with store.reading() as conn:
        rows = conn.execute(query).all()
        found = []
        for row in rows:
            local = _revision(conn, row.local_revision)
            remote = _revision(conn, row.remote_revision)
            base = _revision(conn, row.base_revision) if row.base_revision else None
            found.append(
                ConflictView(
                    row.id,
                    row.record_id,
                    row.full_name,
                    row.village,
                    local["data"] | _state_of(local),
                    remote["data"] | _state_of(remote),
                    (base["data"] | _state_of(base)) if base else {},
                    json.loads(row.fields),
                    row.created_at,
                )
            )
    return found


def resolve(store: Store, conflict_id: int, chosen: dict[str, Any], *, author: str) -> str:
    """Settle a conflict: the merge of both sides, with `chosen` values for the fields a
    person had to decide. Saved as a new revision on the server's side, to be pushed.
    Returns the new revision id."""
    with store.writing() as conn:
        row = conn.execute(select(conflicts).where(conflicts.c.id == conflict_id)).first()
        if row is None or row.resolved_at is not None:
            raise StoreError("store.no_such_conflict", conflict=conflict_id)
        local = _revision(conn, row.local_revision)
        remote = _revision(conn, row.remote_revision)
        base = _revision(conn, row.base_revision) if row.base_revision else remote
        record = conn.execute(select(records).where(records.c.id == row.record_id)).first()
        form = store.kept_form(record.form_id, record.form_version)
        merged = merge(policies_of(form), _side(base), _side(local), _side(remote))
        data = dict(merged.data)
        status, reason, deleted = merged.status, merged.reason, merged.deleted
        for name, value in chosen.items():
            if name == STATUS_FIELD:
                status = value
                reason = local["reason"] if value == local["status"] else remote["reason"]
            elif name == DELETED_FIELD:
                deleted = bool(value)
            elif value is None:
                data.pop(name, None)
            else:
                data[name] = value
        content = revision_content(row.record_id, data, status, deleted, reason)
        revision = revision_id(remote["id"], content)
        wire = WireRevision(
            record_id=row.record_id,
            revision=revision,
            parent=remote["id"],
            form_id=record.form_id,
            form_version=record.form_version,
            village=record.village,
            status=status,
            reason=reason,
            deleted=deleted,
            data=data,
            author=author,
            created_at=now(),
            resolves=True,
        )
        _store_revision(conn, wire, pushed=0)
        _write_record(store, conn, wire, new=False)
        conn.execute(
            update(conflicts)
            .where(conflicts.c.id == conflict_id)
            .values(resolved_at=now(), resolution=canonical_json(chosen))
        )
        log = AuditWriter(conn)
        log.add(author, "sync.resolve", row.record_id, revision=revision, fields=sorted(chosen))
        log.flush()
    return revision


# --- bundles ------------------------------------------------------------------------------


def apply_bundle(store: Store, incoming: list[WireRevision], *, author: str, role: Role) -> Applied:
    """Apply revisions carried by a bundle with the server's rules: a revision extends
    the head it was made on, or is merged with the head that moved on (a conflict where a
    person must decide), or waits for its parent. Each is judged by `workflow.check_change`
    with the powers of `role`, as the server judges a push (a merge against the head it
    lands on); one refused refuses the bundle (StoreError `bundle.refused`). All in one
    transaction."""
    done = Applied()
    with store.writing() as conn:
        log = AuditWriter(conn)
        for rev in sorted(incoming, key=lambda r: (generation_of(r.revision), r.revision)):
            if _has_revision(conn, rev.revision):
                done.unchanged += 1
                continue
            head = conn.execute(
                select(records.c.head).where(records.c.id == rev.record_id)
            ).scalar()
            if head is None and rev.parent is None:
                _judged(role, None, _version(_as_row(rev)), rev)
                _write_record(store, conn, rev, new=True)
                _store_revision(conn, rev, pushed=0)
                done.accepted += 1
            elif head is not None and rev.parent == head:
                _judged(role, _version(_revision(conn, head)), _version(_as_row(rev)), rev)
                _store_revision(conn, rev, pushed=0)
                _write_record(store, conn, rev, new=False)
                done.accepted += 1
            elif head is not None and rev.parent and _has_revision(conn, rev.parent):
                _store_revision(conn, rev, pushed=0)
                _merge_in(store, conn, rev, head, author, done, log, role)
            else:
                done.held += 1
        log.flush()
    return done


def _judged(role: Role, old: Version | None, new: Version, rev: WireRevision) -> None:
    try:
        check_change(role, old, new)
    except WorkflowError as err:
        raise StoreError(
            "bundle.refused", record_id=rev.record_id, revision=rev.revision, reason=str(err)
        ) from None


def _version(row: dict[str, Any]) -> Version:
    return Version(Status(row["status"]), row["data"], bool(row["deleted"]), row["reason"])


def _merge_in(store, conn, rev: WireRevision, head: str, author: str, done, log, role) -> None:
    base, current = _revision(conn, rev.parent), _revision(conn, head)
    form = store.kept_form(rev.form_id, rev.form_version)
    merged = merge(policies_of(form), _side(base), _side(_as_row(rev)), _side(current))
    if not merged.clean:
        conn.execute(
            insert(conflicts).values(
                record_id=rev.record_id,
                local_revision=rev.revision,
                remote_revision=head,
                base_revision=rev.parent,
                fields=canonical_json([f.as_dict() for f in merged.manual]),
                created_at=now(),
            )
        )
        log.add(author, "sync.conflict", rev.record_id, fields=[f.name for f in merged.manual])
        done.conflicts += 1
        return
    # What the carried side changes of the head, all judged (a draft edit merged into a
    # record approved since would change an approved record).
    _judged(role, _version(current), _version(asdict(merged)), rev)
    made = merged_revision(rev, head, current["created_at"], _content(current), merged)
    if made is not None:
        _store_revision(conn, made, pushed=0)
        _write_record(store, conn, made, new=False)
    done.merged += 1


# --- rows ---------------------------------------------------------------------------------


def _revision(conn: Connection, revision: str) -> dict[str, Any]:
    row = conn.execute(select(revisions).where(revisions.c.id == revision)).first()
    if row is None:
        raise StoreError("store.no_such_revision", revision=revision)
    found = dict(row._mapping)
    found["data"] = json.loads(found["data"])
    return found


def _content(row: dict[str, Any]) -> dict[str, Any]:
    return revision_content(
        row["record_id"], row["data"], row["status"], bool(row["deleted"]), row["reason"]
    )


def _as_row(rev: WireRevision) -> dict[str, Any]:
    return {
        "data": rev.data,
        "status": rev.status.value,
        "reason": rev.reason,
        "deleted": rev.deleted,
        "created_at": rev.created_at,
    }


def _side(row: dict[str, Any]) -> Side:
    return Side(row["data"], row["status"], row["reason"], bool(row["deleted"]), row["created_at"])


def _state_of(row: dict[str, Any]) -> dict[str, Any]:
    return {STATUS_FIELD: row["status"]}


def _policies(store: Store, rev: WireRevision) -> dict:
    form: Form | None = store.kept_form(rev.form_id, rev.form_version)
    return policies_of(form) if form else {}


def _wire(row) -> WireRevision:
    # Built without validation: these rows were checked when they were saved, and a batch
    # of hundreds is read for every push.
    return WireRevision.model_construct(
        record_id=row.record_id,
        revision=row.id,
        parent=row.parent,
        form_id=row.form_id,
        form_version=row.form_version,
        village=row.village,
        status=Status(row.status),
        reason=row.reason,
        deleted=bool(row.deleted),
        data=json.loads(row.data),
        author=row.author,
        created_at=row.created_at,
        resolves=bool(row.resolves),
    )


def last_sync(store: Store) -> str | None:
    """When a pull last finished (UTC, ISO 8601), or None if this store never synced."""
    with store.reading() as conn:
        return conn.execute(
            select(sync_state.c.value).where(sync_state.c.key == LAST_SYNC)
        ).scalar()
