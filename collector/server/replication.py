"""The county server's side of sync: pushed revisions in, changes out (DESIGN.md, Sync).

A push batch is handled in one transaction. Each revision is checked (its id against its
content, the sender's scope, the form, the workflow) and then either extends the record's
head (accepted), is merged with a head that moved on (merged: a new revision made by
`collector.merge`), leaves a conflict for a person (conflict), waits for its parent
(held), or is refused (rejected). Every answer but "held" is kept by revision id, so a
replayed batch gets the same answers and changes nothing.

The server's history of a record is a line: every write extends the head. Revisions a
conflict left aside are kept beside it, so that the laptop's later edits on top of them
still find their common ancestor with the line.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from collector.forms.model import ConflictPolicy, Form
from collector.merge import Side, merge, merged_revision, policies_of
from collector.messages import render
from collector.revisions import (
    canonical_json,
    revision_content,
    revision_id_from_text,
)
from collector.server import schema as t
from collector.server.repository import (
    Account,
    ServerStore,
    _identity_row,
    _names,
    enabled_account,
    stamp,
)
from collector.storage.bulk import insert_many
from collector.validation import validate
from collector.wire import Change, ChangesPage, Outcome, WireRevision
from collector.workflow import Role, Status, Version, WorkflowError, check_change

CHECKED = frozenset({Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED})
"""Statuses in which a record must be valid against its form (a draft may be half done)."""


LASTING = frozenset({"accepted", "merged", "conflict", "sync.invalid"})
"""Answers kept for replays: what changed the data, and refusals no later change on the
server can turn (a revision invalid against its form stays so). A refusal that may pass
later (a form not yet published, a status since moved) is worked out again each time."""


RETRIES = 3
BAD_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
log = logging.getLogger(__name__)


class CheckpointUnknown(Exception):
    """A pull from a checkpoint this server never gave (it was restored, or replaced)."""


@dataclass
class _State:
    """A record's current state while a batch is applied."""

    head: str
    village: str
    form_id: str
    form_version: str
    status: Status
    reason: str
    deleted: bool
    data: dict[str, Any]
    new: bool = False
    changed: bool = False
    text: str = ""
    """The answers as stored, when already serialised for the head revision."""


@dataclass
class _Writes:
    records: dict[str, _State] = field(default_factory=dict)
    revisions: list[dict] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    sequenced: list[Outcome] = field(default_factory=list)
    """Answers whose revision moved a record's head: each gets a change number."""
    texts: dict[str, str] = field(default_factory=dict)
    """Pushed revisions' answers as canonical JSON, made once when their ids are checked."""
    refused: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Revisions refused in this batch: revision id → (record id, parent)."""
    authors: dict[str, Account | None] = field(default_factory=dict)


class Replication:
    def __init__(self, store: ServerStore):
        self.store = store

    # --- push -------------------------------------------------------------------------

    def push(self, caller: Account, batch: list[WireRevision]) -> list[Outcome]:
        """One answer per revision, in the order sent. A batch the database refuses as a
        whole is worked out again; if it still fails, one revision at a time, so that the
        one the database refuses gets its own answer and the others land."""
        try:
            return self._push_retrying(caller, batch)
        except DBAPIError as err:
            log.warning("push of %d revisions failed (%s); one at a time", len(batch), _cause(err))
        answers = []
        for rev in batch:
            try:
                answers += self._push_retrying(caller, [rev])
            except DBAPIError as err:
                log.warning(
                    "revision %s of record %s not stored: %s", rev.revision, rev.record_id,
                    _cause(err),
                )  # fmt: skip
                answers.append(_refusal(rev, "sync.not_stored", revision=rev.revision))
        return answers

    def _push_retrying(self, caller: Account, batch: list[WireRevision]) -> list[Outcome]:
        for attempt in range(1, RETRIES + 1):
            try:
                return self._push(caller, batch)
            except (IntegrityError, OperationalError) as err:
                # Another writer stored the same new record first (two laptops pushing one
                # bundle's records at once), or a deadlock: worked out again, the records
                # are then known and answered as they are now.
                if attempt == RETRIES:
                    raise
                log.info("push retried after %s", _cause(err))
        raise AssertionError("unreachable")

    def _push(self, caller: Account, batch: list[WireRevision]) -> list[Outcome]:
        with self.store.writing() as conn:
            remembered = _kept_answers(conn, [r.revision for r in batch])
            states = self._states(
                conn, {r.record_id for r in batch if r.revision not in remembered}
            )
            writes = _Writes()
            answers = []
            for rev in batch:
                text = _checked_text(rev)
                if text is None:
                    # Checked before the remembered answers: the same id with other
                    # content is an error, never a replay.
                    answers.append(_refusal(rev, "sync.revision_mismatch", revision=rev.revision))
                    continue
                writes.texts[rev.revision] = text
                if rev.revision in remembered:
                    answers.append(remembered[rev.revision])
                    continue
                outcome = self._one(conn, caller, rev, states, writes)
                answers.append(outcome)
                if outcome.outcome == "rejected":
                    writes.refused[rev.revision] = (rev.record_id, rev.parent)
                if outcome.outcome in LASTING or outcome.code in LASTING:
                    remembered[rev.revision] = outcome
                    writes.outcomes.append(outcome)
            self._remember_refused(conn, writes)
            self._flush(conn, caller, writes)
        return answers

    def _states(self, conn: Connection, record_ids: set[str]) -> dict[str, _State]:
        query = select(t.records).where(t.records.c.id.in_(sorted(record_ids)))
        if conn.dialect.name == "postgresql":
            # One writer per record: a second push of the same record waits here.
            query = query.with_for_update()
        return {
            row.id: _State(
                row.head,
                row.village,
                row.form_id,
                row.form_version,
                Status(row.status),
                row.reason,
                bool(row.deleted),
                json.loads(row.data),
            )
            for row in conn.execute(query)
        }

    def _one(self, conn, caller: Account, rev: WireRevision, states, writes) -> Outcome:
        def refuse(code: str, **params: Any) -> Outcome:
            return _refusal(rev, code, **params)

        bad = _bad_text(rev.data)
        if bad is not None:
            return refuse("sync.bad_text", record_id=rev.record_id, field=bad)
        state = states.get(rev.record_id)
        village = state.village if state else rev.village
        if not caller.sees(village) or not caller.sees(rev.village):
            outside = rev.village if caller.sees(village) else village
            return refuse("sync.out_of_scope", record_id=rev.record_id, village=outside)
        form = self.store.form(conn, rev.form_id, rev.form_version)
        if form is None:
            return refuse("sync.unknown_form", form=rev.form_id, version=rev.form_version)
        # The village the answers name counts too, not only the one the request says.
        keys = self.store.form_keys(conn, rev.form_id, rev.form_version)
        named = str(rev.data.get(keys.village) or "")
        if named and not caller.sees(named):
            return refuse("sync.out_of_scope", record_id=rev.record_id, village=named)
        # A record's village is the one its answers name: filed under another, the
        # township of the answers would never see it.
        if named and named != village:
            return refuse(
                "sync.village_mismatch", record_id=rev.record_id, village=village, named=named
            )

        if state is None:
            refused = _refused_links(conn, rev.record_id, writes) if rev.parent else {}
            if _built_on(rev.parent, refused) is not None:
                return self._held(rev)
            try:
                check_change(self._role(conn, caller, rev, village, writes), None, _version(rev))
            except WorkflowError:
                return refuse("sync.bad_new_status", status=rev.status.value)
            invalid = self._invalid(form, rev.data, rev.status, refuse)
            if invalid:
                return invalid
            state = states[rev.record_id] = _State(
                rev.revision,
                rev.village,
                rev.form_id,
                rev.form_version,
                rev.status,
                rev.reason,
                rev.deleted,
                rev.data,
                new=True,
            )
            writes.counts[(rev.village, rev.status.value)] += 1
            return self._extend(caller, rev, state, writes, _accepted(rev))

        if rev.parent == state.head:
            return self._onto_head(conn, caller, rev, form, state, writes, refuse)
        return self._diverged(conn, caller, rev, form, state, writes, refuse)

    def _onto_head(self, conn, caller, rev: WireRevision, form, state, writes, refuse) -> Outcome:
        """`rev` follows the head: it becomes the head if its role may make that change."""
        role = self._role(conn, caller, rev, state.village, writes)
        try:
            check_change(role, _version(state), _version(rev))
        except WorkflowError as err:
            return refuse("sync.stale_move", detail=_both(err))
        invalid = self._invalid(form, rev.data, rev.status, refuse)
        if invalid:
            return invalid
        self._move(state, writes, rev.status, rev.reason, rev.deleted, rev.data)
        state.head = rev.revision
        return self._extend(caller, rev, state, writes, _accepted(rev))

    @staticmethod
    def _role(conn, caller: Account, rev: WireRevision, village: str, writes: _Writes) -> Role:
        """The powers a pushed revision is judged by: the sender's own, except that a
        township carries on what a village account of its own made (a bundle brought from
        a village without network) with that village account's powers, and only on that
        village's records: `village` is the record's own, not the one the revision claims.
        (A bundle is not signed by the village: the township account is trusted to carry
        what it was given, and the audit log keeps both names.)"""
        if caller.role != Role.TOWNSHIP or rev.author == caller.name:
            return caller.role
        if rev.author not in writes.authors:
            writes.authors[rev.author] = enabled_account(conn, rev.author)
        author = writes.authors[rev.author]
        if (
            author is not None
            and author.role == Role.VILLAGE
            and author.division == village == rev.village
            and caller.sees(author.division)
        ):
            return Role.VILLAGE
        return caller.role

    @staticmethod
    def _remember_refused(conn, writes: _Writes) -> None:
        if not writes.refused:
            return
        ids = list(writes.refused)
        known = set(
            conn.execute(
                select(t.refused.c.revision).where(t.refused.c.revision.in_(ids))
            ).scalars()
        )
        rows = [
            {"revision": revision, "record_id": record_id, "parent": parent}
            for revision, (record_id, parent) in writes.refused.items()
            if revision not in known
        ]
        if rows:
            conn.execute(insert(t.refused), rows)

    def _held(self, rev: WireRevision) -> Outcome:
        return Outcome(
            revision=rev.revision,
            record_id=rev.record_id,
            outcome="held",
            code="sync.parent_missing",
            message=render("sync.parent_missing", {}, "zh"),
            message_en=render("sync.parent_missing", {}, "en"),
        )

    def _invalid(self, form: Form, data, status: Status, refuse) -> Outcome | None:
        if status not in CHECKED:
            return None
        problems = validate(form, data)
        if not problems:
            return None
        return refuse(
            "sync.invalid",
            count=len(problems),
            field=problems[0].field,
            detail=problems[0].message("zh"),
        )

    @staticmethod
    def _move(state: _State, writes: _Writes, status, reason, deleted, data) -> None:
        if (status, deleted) != (state.status, state.deleted):
            if not state.deleted:
                writes.counts[(state.village, state.status.value)] -= 1
            if not deleted:
                writes.counts[(state.village, status.value)] += 1
        state.status, state.reason, state.deleted, state.data = status, reason, deleted, data

    def _extend(self, caller, rev: WireRevision, state: _State, writes: _Writes, answer) -> Outcome:
        """`rev` becomes the record's head; `answer` is what the pushed revision gets."""
        state.changed = True
        writes.records[rev.record_id] = state
        row = _revision_row(rev, writes.texts.get(rev.revision))
        state.text = row["data"]
        writes.revisions.append(row)
        writes.audit.append(
            {
                "actor": caller.name,
                "action": f"sync.{rev.status.value}",
                "record_id": rev.record_id,
                "detail": canonical_json({"revision": rev.revision, "author": rev.author}),
            }
        )
        writes.sequenced.append(answer)
        return answer

    def _diverged(self, conn, caller, rev, form, state: _State, writes, refuse) -> Outcome:
        lines = self._history(conn, rev.record_id, writes)
        base_id = _ancestor_on_line(rev.parent, lines, state.head)
        if base_id is None:
            return self._held(rev)
        if base_id == state.head:
            # Built on the head through revisions the server refused: no one else's change
            # lies between, so it follows the head as it is.
            return self._onto_head(conn, caller, rev, form, state, writes, refuse)
        base = lines[base_id]
        current = lines[state.head]
        policies: dict[str, ConflictPolicy] = policies_of(form)
        if rev.resolves and self._resolved_since(conn, rev.record_id, rev.parent):
            # A second resolution of a conflict already resolved yields to the first.
            policies = {name: ConflictPolicy.SERVER for name in policies}
        merged = merge(policies, _side(base), _side(rev), _side(current))
        beside = rev.revision not in lines or lines[rev.revision].get("refused", False)
        if beside:
            # Kept beside the line.
            writes.revisions.append(_revision_row(rev, writes.texts.get(rev.revision)))
        if not merged.clean:
            return self._conflict(caller, rev, base, current, merged, writes)
        try:
            # The merge against the head: what the pushed side changes of it, all judged.
            check_change(
                self._role(conn, caller, rev, state.village, writes),
                _version(state),
                Version(Status(merged.status), merged.data, merged.deleted, merged.reason),
            )
        except WorkflowError as err:
            if beside:
                writes.revisions.pop()
            return refuse("sync.stale_move", detail=_both(err))
        made = merged_revision(
            rev, current["revision"], current["created_at"], _content(current), merged
        )
        if made is None:
            # Everything the pushed revision changed is in the head already.
            return Outcome(
                revision=rev.revision, record_id=rev.record_id, outcome="merged",
                merged=_wire(current),
            )  # fmt: skip
        self._move(state, writes, Status(merged.status), merged.reason, merged.deleted, merged.data)
        state.head = made.revision
        answer = Outcome(
            revision=rev.revision, record_id=rev.record_id, outcome="merged", merged=made
        )
        return self._extend(caller, made, state, writes, answer)

    def _conflict(self, caller, rev, base, current, merged, writes) -> Outcome:
        names = [c.name for c in merged.manual]
        writes.conflicts.append(
            {
                "record_id": rev.record_id,
                "incoming": rev.revision,
                "current": current["revision"],
                "base": base["revision"],
                "fields": canonical_json([c.as_dict() for c in merged.manual]),
                "created_at": stamp(),
                "created_by": caller.name,
            }
        )
        writes.audit.append(
            {
                "actor": caller.name,
                "action": "sync.conflict",
                "record_id": rev.record_id,
                "detail": canonical_json({"revision": rev.revision, "fields": names}),
            }
        )
        return Outcome(
            revision=rev.revision,
            record_id=rev.record_id,
            outcome="conflict",
            current=_wire(current),
            base=_wire(base),
            fields=names,
        )

    def _history(self, conn, record_id: str, writes: _Writes) -> dict[str, dict]:
        """Every revision of a record the server holds (with this batch's so far)."""
        found = {}
        columns = [
            *t.revisions.c,
            t.records.c.form_id,
            t.records.c.form_version,
            t.records.c.village,
        ]
        query = (
            select(*columns)
            .join(t.records, t.records.c.id == t.revisions.c.record_id)
            .where(t.revisions.c.record_id == record_id)
        )
        for row in conn.execute(query):
            item = dict(row._mapping)
            item["revision"] = item.pop("id")
            item["data"] = json.loads(item["data"])
            found[item["revision"]] = item
        for item in writes.revisions:
            if item["record_id"] == record_id:
                found[item["revision"]] = item | {"data": json.loads(item["data"])}
        # Refused revisions are links only: the line passes through them to what they
        # were built on, but none of them is ever a common ancestor.
        for revision, parent in _refused_links(conn, record_id, writes).items():
            found.setdefault(revision, {"revision": revision, "parent": parent, "refused": True})
        return found

    def _resolved_since(self, conn, record_id: str, current: str | None) -> bool:
        resolved = conn.execute(
            select(t.conflicts.c.id).where(
                t.conflicts.c.record_id == record_id,
                t.conflicts.c.current == current,
                t.conflicts.c.resolved_by.is_not(None),
            )
        ).first()
        return resolved is not None

    def _flush(self, conn, caller: Account, writes: _Writes) -> None:
        if not writes.outcomes:
            return
        # Sequence numbers last: the row lock they take serialises writers, so it is held
        # for the writes only, not for the checks before them.
        sequenced = writes.sequenced
        first = self.store._next_seq(conn, len(sequenced)) if sequenced else 0
        seq_of_record, seq_of_revision = {}, {}
        for offset, outcome in enumerate(sequenced):
            outcome.seq = first + offset
            seq_of_record[outcome.record_id] = outcome.seq
            head = outcome.merged.revision if outcome.merged else outcome.revision
            seq_of_revision[head] = outcome.seq
        open_rounds = self.store._open_rounds(conn)
        at = stamp()
        new_rows, changed_rows = [], []
        for record_id, state in writes.records.items():
            if not state.changed:
                continue
            keys = self.store.form_keys(conn, state.form_id, state.form_version)
            row = {
                "head": state.head,
                "status": state.status.value,
                "reason": state.reason,
                "deleted": state.deleted,
                "data": state.text or canonical_json(state.data),
                **_names(keys, state.data),
                "seq": seq_of_record[record_id],
                "confirmed_round": open_rounds.get(state.village[:6]),
                "updated_at": at,
            }
            if state.new:
                new_rows.append(
                    _identity_row(record_id, state.form_id, state.form_version, state.village) | row
                )
            else:
                changed_rows.append({"record": record_id, **row})
        if new_rows:
            insert_many(conn, t.records, new_rows)
        if changed_rows:
            conn.execute(
                update(t.records).where(t.records.c.id == bindparam("record")),
                changed_rows,
            )
        if writes.revisions:
            insert_many(
                conn,
                t.revisions,
                [_stored(r, seq_of_revision.get(r["revision"])) for r in writes.revisions],
            )
        for item in writes.conflicts:
            item["id"] = conn.execute(insert(t.conflicts).values(**item)).inserted_primary_key[0]
        conflict_ids = {c["incoming"]: c["id"] for c in writes.conflicts}
        for outcome in writes.outcomes:
            if outcome.outcome == "conflict":
                outcome.conflict_id = conflict_ids[outcome.revision]
        # A conflict is over once the record's line has moved past its server side. Open
        # conflicts are rare: one query finds the records that have any.
        moved = {r: s.head for r, s in writes.records.items() if s.changed and not s.new}
        with_conflicts = set()
        for start in range(0, len(moved), 500):
            with_conflicts.update(
                conn.execute(
                    select(t.conflicts.c.record_id).where(
                        t.conflicts.c.record_id.in_(list(moved)[start : start + 500]),
                        t.conflicts.c.resolved_by.is_(None),
                    )
                ).scalars()
            )
        for record_id in sorted(with_conflicts):
            conn.execute(
                update(t.conflicts)
                .where(
                    t.conflicts.c.record_id == record_id,
                    t.conflicts.c.resolved_by.is_(None),
                    t.conflicts.c.current != moved[record_id],
                )
                .values(resolved_by=moved[record_id])
            )
        self._flag_duplicates(conn, caller, writes, new_rows)
        # A plain acceptance is answered again from `revisions` (with its change number).
        kept = [o for o in writes.outcomes if o.outcome != "accepted" or o.duplicates]
        if kept:
            conn.execute(
                insert(t.push_outcomes),
                [
                    {"revision": o.revision, "record_id": o.record_id}
                    | {"outcome": o.model_dump_json()}
                    for o in kept
                ],
            )
        if writes.audit:
            insert_many(conn, t.audit, [{**a, "at": at} for a in writes.audit])
        self.store._count(conn, writes.counts)

    @staticmethod
    def _flag_duplicates(conn, caller: Account, writes: _Writes, new_rows: list[dict]) -> None:
        """Name, in each new record's answer, the live records with its ID number that the
        sender may see; the others it must not learn of (the county or township that sees
        both finds them in /sync/duplicates)."""
        by_record = {r["id"]: r["id_number"] for r in new_rows if r["id_number"]}
        numbers = sorted(set(by_record.values()))
        if not numbers:
            return
        others: dict[str, list[str]] = {}
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            for record_id, number in conn.execute(
                select(t.records.c.id, t.records.c.id_number).where(
                    t.records.c.id_number.in_(chunk),
                    t.records.c.deleted.is_(False),
                    *[c for c in (caller.scope(),) if c is not None],
                )
            ):
                others.setdefault(number, []).append(record_id)
        for outcome in writes.outcomes:
            number = by_record.get(outcome.record_id)
            if number and outcome.outcome == "accepted":
                outcome.duplicates = sorted(
                    r for r in others.get(number, []) if r != outcome.record_id
                )

    def answers(self, revisions: list[str]) -> dict[str, Outcome]:
        """What the server answered to these pushed revisions (those it kept)."""
        found = {}
        with self.store.engine.connect() as conn:
            for start in range(0, len(revisions), 500):
                found |= _kept_answers(conn, revisions[start : start + 500])
        return found

    def known(self, caller: Account, revisions: list[str]) -> list[Outcome]:
        """The answers a replay of these revisions would get, for those the server holds
        an answer to and whose record the caller sees (CouchDB's `_revs_diff`): a laptop
        whose push was cut asks this first and sends only the rest again."""
        with self.store.engine.connect() as conn:
            kept = _kept_answers(conn, revisions)
            villages = dict(
                conn.execute(
                    select(t.records.c.id, t.records.c.village).where(
                        t.records.c.id.in_({o.record_id for o in kept.values()})
                    )
                ).all()
            )
        # An answer about a record the server does not hold (a refused new record) is
        # left out: the laptop sends that one again and the push judges it.
        held = (kept[r] for r in revisions if r in kept and kept[r].record_id in villages)
        return [answer for answer in held if caller.sees(villages[answer.record_id])]

    # --- pull -------------------------------------------------------------------------

    def server_id(self) -> str:
        with self.store.engine.connect() as conn:
            return conn.execute(
                select(t.server_info.c.value).where(t.server_info.c.key == "server_id")
            ).scalar_one()

    def changes(
        self, caller: Account, since: int, limit: int, skip: Sequence[tuple[int, int]] = ()
    ) -> ChangesPage:
        """Records in the caller's scope changed after `since`, oldest change first,
        leaving out the changes numbered in `skip` (ranges, both ends included): those the
        caller's own push was answered with, which it holds already."""
        with self.store.engine.connect() as conn:
            last = (
                conn.execute(
                    select(t.sequence.c.value).where(t.sequence.c.name == "changes")
                ).scalar()
                or 0
            )
            if since > last:
                raise CheckpointUnknown(since)
            clauses = [t.records.c.seq > since]
            clauses += [~t.records.c.seq.between(low, high) for low, high in skip if high > since]
            scope = caller.scope()
            if scope is not None:
                clauses.append(scope)
            query = (
                select(
                    t.records,
                    t.revisions.c.parent,
                    t.revisions.c.author,
                    t.revisions.c.created_at,
                )
                .join(t.revisions, t.revisions.c.id == t.records.c.head)
                .where(and_(*clauses))
                .order_by(t.records.c.seq)
                .limit(limit)
            )
            rows = conn.execute(query).all()
            server_id = conn.execute(
                select(t.server_info.c.value).where(t.server_info.c.key == "server_id")
            ).scalar_one()
        changes = [
            Change(
                record_id=r.id,
                revision=r.head,
                parent=r.parent,
                form_id=r.form_id,
                form_version=r.form_version,
                village=r.village,
                status=r.status,
                reason=r.reason,
                deleted=bool(r.deleted),
                data=json.loads(r.data),
                author=r.author,
                created_at=r.created_at,
                seq=r.seq,
            )
            for r in rows
        ]
        more = len(rows) == limit
        # A last page holds every change after `since` the caller needs: it is up to date
        # with the last number given out before the page was read (numbers are taken in
        # commit order), past the changes it skipped and those outside its scope.
        checkpoint = changes[-1].seq if more else max([last, *(c.seq for c in changes[-1:])])
        return ChangesPage(server_id=server_id, changes=changes, checkpoint=checkpoint, more=more)

    def duplicates(self, caller: Account) -> list[dict[str, Any]]:
        """ID numbers held by more than one live record in the caller's scope."""
        clauses = [t.records.c.deleted.is_(False), t.records.c.id_number != ""]
        scope = caller.scope()
        if scope is not None:
            clauses.append(scope)
        numbers = (
            select(t.records.c.id_number)
            .where(*clauses)
            .group_by(t.records.c.id_number)
            .having(func.count() > 1)
        )
        query = (
            select(
                t.records.c.id_number, t.records.c.id, t.records.c.village, t.records.c.full_name
            )
            .where(t.records.c.id_number.in_(numbers), *clauses)
            .order_by(t.records.c.id_number, t.records.c.id)
        )
        groups: dict[str, list[dict]] = {}
        with self.store.engine.connect() as conn:
            for row in conn.execute(query):
                groups.setdefault(row.id_number, []).append(
                    {"id": row.id, "village": row.village, "full_name": row.full_name}
                )
        return [{"id_number": n, "records": r} for n, r in groups.items()]


def _bad_text(data: dict[str, Any]) -> str | None:
    """The first answer holding a control character or a lone surrogate (no name or ID
    number has one; PostgreSQL refuses NUL in text), or None."""
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        if BAD_TEXT.search(name) or any(
            isinstance(v, str) and BAD_TEXT.search(v) is not None for v in values
        ):
            return name if BAD_TEXT.search(name) is None else repr(name)
    return None


def _cause(err: DBAPIError) -> str:
    """What the database refused, without its message: that may quote the values."""
    code = getattr(err.orig, "sqlstate", None) or getattr(err.orig, "sqlite_errorname", None)
    return f"{type(err.orig).__name__} {code or ''}".strip()


def _refused_links(conn, record_id: str, writes: _Writes) -> dict[str, str | None]:
    """The record's revisions the server refused (before or in this batch), each with
    the revision it was built on."""
    links = {
        row.revision: row.parent
        for row in conn.execute(select(t.refused).where(t.refused.c.record_id == record_id))
    }
    return links | {r: p for r, (record, p) in writes.refused.items() if record == record_id}


def _built_on(parent: str | None, refused: dict[str, str | None]) -> str | None:
    """What a new record's first pushed revision stands on: its parent or, through
    revisions the server refused, the one they were built on (None: nothing, so it
    starts the record here)."""
    seen = set()
    while parent in refused and parent not in seen:
        seen.add(parent)
        parent = refused[parent]
    return parent


def _kept_answers(conn, revisions: list[str]) -> dict[str, Outcome]:
    """The answers the server gave to these revisions, where it keeps them: in
    `push_outcomes`, or, for a revision it holds with no answer there (a plain acceptance,
    or a merge it made that a laptop made the same), "accepted" with its change number."""
    found = {
        row.revision: Outcome.model_validate_json(row.outcome)
        for row in conn.execute(
            select(t.push_outcomes).where(t.push_outcomes.c.revision.in_(revisions))
        )
    }
    held = select(t.revisions.c.id, t.revisions.c.record_id, t.revisions.c.seq).where(
        t.revisions.c.id.in_(revisions)
    )
    for row in conn.execute(held):
        if row.id not in found:
            found[row.id] = Outcome(
                revision=row.id, record_id=row.record_id, outcome="accepted", seq=row.seq
            )
    return found


def _revision_row(rev: WireRevision, text: str | None = None) -> dict:
    return {
        "revision": rev.revision,
        "record_id": rev.record_id,
        "parent": rev.parent,
        "author": rev.author,
        "created_at": rev.created_at,
        "status": rev.status.value,
        "reason": rev.reason,
        "data": text or canonical_json(rev.data),
        "deleted": rev.deleted,
        "form_id": rev.form_id,
        "form_version": rev.form_version,
        "village": rev.village,
    }


def _stored(item: dict, seq: int | None) -> dict:
    return {
        "id": item["revision"],
        "seq": seq,
        **{k: item[k] for k in ("record_id", "parent", "author", "created_at", "status")},
        **{k: item[k] for k in ("reason", "data", "deleted")},
    }


def _side(item) -> Side:
    if isinstance(item, WireRevision):
        return Side(item.data, item.status.value, item.reason, item.deleted, item.created_at)
    return Side(
        item["data"], item["status"], item["reason"], bool(item["deleted"]), item["created_at"]
    )


def _wire(item: dict) -> WireRevision:
    return WireRevision(
        record_id=item["record_id"],
        revision=item["revision"],
        parent=item["parent"],
        form_id=item["form_id"],
        form_version=item["form_version"],
        village=item["village"],
        status=item["status"],
        reason=item["reason"],
        deleted=bool(item["deleted"]),
        data=item["data"],
        author=item["author"],
        created_at=item["created_at"],
    )


def _ancestor_on_line(start: str | None, revisions: dict[str, dict], head: str) -> str | None:
    """The latest revision on the record's line (head and its ancestors) that `start` is
    or descends from: the common ancestor of a pushed revision and the head."""
    line = set()
    cursor: str | None = head
    while cursor is not None and cursor in revisions and cursor not in line:
        line.add(cursor)
        cursor = revisions[cursor]["parent"]
    cursor = start
    seen = set()
    while cursor is not None and cursor in revisions and cursor not in seen:
        if cursor in line and not revisions[cursor].get("refused"):
            return cursor
        seen.add(cursor)
        cursor = revisions[cursor]["parent"]
    return None


def _content(item: dict) -> dict:
    return revision_content(
        item["record_id"], item["data"], item["status"], bool(item["deleted"]), item["reason"]
    )


def _checked_text(rev: WireRevision) -> str | None:
    """The revision's answers as canonical JSON, or None if its id does not match them."""
    text = canonical_json(rev.data)
    made = revision_id_from_text(
        rev.parent, rev.record_id, text, rev.status.value, rev.deleted, rev.reason
    )
    return text if made == rev.revision else None


def _version(item: WireRevision | _State) -> Version:
    return Version(item.status, item.data, item.deleted, item.reason)


def _accepted(rev: WireRevision) -> Outcome:
    return Outcome(revision=rev.revision, record_id=rev.record_id, outcome="accepted")


def _both(err: WorkflowError) -> dict[str, str]:
    """The workflow's reason in each language, for a message sent in both."""
    return {lang: render(err.code, err.params, lang) for lang in ("zh", "en")}


def _refusal(rev: WireRevision, code: str, **params: Any) -> Outcome:
    return Outcome(
        revision=rev.revision,
        record_id=rev.record_id,
        outcome="rejected",
        code=code,
        message=render(code, params, "zh"),
        message_en=render(code, params, "en"),
    )
