"""The encrypted local store and the repository API that the UI, the CLI and sync use.

A store is a folder: `collector.db` (SQLCipher, WAL) and `keys.json` (its data key,
wrapped; see keys.py). Every save validates the record, writes an immutable revision and
the record's current state in one transaction, and appends to the audit log; nothing
outside this package writes SQL.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from collector.forms import form_from_definition
from collector.forms.keys import FormKeys
from collector.forms.model import Form
from collector.forms.textform import dump_text_form
from collector.revisions import (
    canonical_json,
    generation_of,
    revision_content,
    revision_id,
    revision_id_from_text,
)
from collector.storage import audit as audit_log
from collector.storage.audit import AuditWriter, BrokenLink
from collector.storage.bulk import insert_many
from collector.storage.engine import cipher_engine
from collector.storage.errors import DiskFull, StoreError
from collector.storage.keys import KeyFile, WrongPassword, new_data_key, wrap_with_password
from collector.storage.migrations import migrate
from collector.storage.schema import audit as audit_table
from collector.storage.schema import conflicts, forms, records, revisions, settings
from collector.validation import Problem, validate
from collector.workflow import Role, Status, WorkflowError, check_edit, check_move

logger = logging.getLogger(__name__)
STORE_FILE = "collector.db"
FAILED_UNLOCKS = "unlock-failures.log"
"""Times of failed unlocks, kept outside the database (which a wrong password cannot
open) and moved into the audit log at the next unlock. Holds timestamps only."""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Saved:
    record_id: str
    revision: str
    status: str
    problems: list[Problem]
    changed: bool = True


@dataclass(frozen=True)
class RecordSummary:
    id: str
    form_id: str
    village: str
    status: str
    reason: str
    full_name: str
    id_number: str
    phone: str
    problems: int
    updated_at: str
    sync_note: str
    """The county server's last word on the record: JSON {code, zh, en}, or ""."""
    conflict: bool
    """An edit here met another on the server and waits for someone to choose."""


@dataclass(frozen=True)
class RecordView:
    id: str
    form_id: str
    form_version: str
    village: str
    status: str
    reason: str
    head: str
    data: dict[str, Any]
    problems: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class RevisionView:
    id: str
    parent: str | None
    author: str
    created_at: str
    status: str
    reason: str
    data: dict[str, Any]


@dataclass
class RecordFilter:
    village: str | None = None
    status: str | None = None
    form_id: str | None = None
    returned: bool = False
    due_before: str | None = None
    """Only records whose answers were last changed or confirmed before this time: those
    due in a survey round opened then (the half-yearly refresh)."""
    flagged: bool = False
    """Only records with problems or a note from the server (an ID number it has twice)."""
    conflicted: bool = False
    """Only records with an open sync conflict."""

    def clauses(self, live_only: bool = True) -> list:
        found = [records.c.deleted == 0] if live_only else []
        if self.due_before:
            last_change = select(revisions.c.created_at).where(revisions.c.id == records.c.head)
            found.append(last_change.scalar_subquery() < self.due_before)
        if self.village:
            found.append(records.c.village == self.village)
        if self.status:
            found.append(records.c.status == self.status)
        if self.form_id:
            found.append(records.c.form_id == self.form_id)
        if self.returned:
            found.append(records.c.status == Status.RETURNED.value)
        if self.flagged:
            found.append(or_(records.c.problems > 0, records.c.sync_note != ""))
        if self.conflicted:
            found.append(records.c.id.in_(_OPEN_CONFLICTS))
        return found


_OPEN_CONFLICTS = select(conflicts.c.record_id).where(conflicts.c.resolved_at.is_(None))


SUMMARY_COLUMNS = [
    records.c.id,
    records.c.form_id,
    records.c.village,
    records.c.status,
    records.c.reason,
    records.c.full_name,
    records.c.id_number,
    records.c.phone,
    records.c.problems,
    records.c.updated_at,
    records.c.sync_note,
    # From the open-conflicts index: a page of 200 asks it 200 times.
    records.c.id.in_(_OPEN_CONFLICTS).label("conflict"),
]


@dataclass
class _Pending:
    """Rows of one batch of saves, written with one statement per table."""

    records: list[dict] = field(default_factory=list)
    revisions: list[dict] = field(default_factory=list)


class Store:
    def __init__(self, engine: Engine, data_dir: Path, key: bytes):
        self.engine = engine
        self.data_dir = data_dir
        self._key = key
        self._form_keys: dict[int, FormKeys] = {}
        self._kept_forms: set[tuple[str, str]] = set()
        self._loaded_forms: dict[tuple[str, str], Form | None] = {}

    # --- opening ----------------------------------------------------------------------

    @classmethod
    def create(
        cls, data_dir: Path, password: str, recovery_public_pem: bytes | None = None
    ) -> Store:
        data_dir = Path(data_dir)
        if (data_dir / STORE_FILE).exists():
            raise StoreError("store.exists", path=str(data_dir))
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = new_data_key()
        # The key file first: a store interrupted here has no database yet, nothing lost.
        KeyFile.create(key, password, recovery_public_pem).write(data_dir)
        store = cls._attach(data_dir, key)
        # Other users of a shared office PC may not copy the store to guess its password.
        (data_dir / STORE_FILE).chmod(0o600)
        store._log("store", "store.create", recovery=bool(recovery_public_pem))
        return store

    @classmethod
    def open(cls, data_dir: Path, password: str) -> Store:
        data_dir = Path(data_dir)
        keys = cls._keys(data_dir)
        try:
            key = keys.unwrap(password)
        except WrongPassword:
            with open(data_dir / FAILED_UNLOCKS, "a", encoding="utf-8") as handle:
                handle.write(now() + "\n")
            raise
        store = cls._attach(data_dir, key)
        store._record_unlock()
        return store

    @classmethod
    def recover(cls, data_dir: Path, private_pem: bytes, new_password: str) -> Store:
        """County IT: open with the recovery private key, and set a new password."""
        data_dir = Path(data_dir)
        keys = cls._keys(data_dir)
        key = keys.unwrap_for_recovery(private_pem)
        keys.password_wrap = wrap_with_password(key, new_password)
        keys.write(data_dir)
        store = cls._attach(data_dir, key)
        store._log("county-it", "store.recover")
        return store

    @staticmethod
    def _keys(data_dir: Path) -> KeyFile:
        if not (data_dir / STORE_FILE).exists():
            raise StoreError("store.missing", path=str(data_dir))
        return KeyFile.read(data_dir)

    @classmethod
    def _attach(cls, data_dir: Path, key: bytes) -> Store:
        engine = cipher_engine(data_dir / STORE_FILE, key)
        migrate(engine)
        return cls(engine, data_dir, key)

    def change_password(self, old: str, new: str) -> None:
        keys = KeyFile.read(self.data_dir)
        keys.unwrap(old)  # proves the old password; raises WrongPassword
        keys.password_wrap = wrap_with_password(self._key, new)
        keys.write(self.data_dir)
        self._log("user", "store.passwd")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _record_unlock(self) -> None:
        failures = self.data_dir / FAILED_UNLOCKS
        times = failures.read_text(encoding="utf-8").split() if failures.exists() else []
        try:
            with self.writing() as conn:
                log = AuditWriter(conn)
                for at in times:
                    log.add("user", "store.unlock_failed", at=at)
                log.add("user", "store.unlock")
                log.flush()
        except DiskFull:
            # On a full disk the records must still be readable (to copy them away); the
            # failed unlocks stay in their file for the next unlock with room to write.
            logger.warning("unlock not written to the audit log: the disk is full")
            return
        failures.unlink(missing_ok=True)

    # --- transactions -----------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE: writers queue, never fail as locked)."""
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def _log(self, actor: str, action: str, record_id: str | None = None, **detail: Any) -> None:
        with self.writing() as conn:
            log = AuditWriter(conn)
            log.add(actor, action, record_id, **detail)
            log.flush()

    def log_export(self, actor: str, what: str, count: int) -> None:
        self._log(actor, "data.export", what=what, count=count)

    # --- forms and settings -----------------------------------------------------------

    def keep_form(self, form: Form) -> None:
        """Keep the definition of a form records are saved with, so that they can be shown
        and checked again after the form file has changed."""
        key = (form.id, form.version)
        if self._loaded_forms.get(key) is None:
            self._loaded_forms[key] = form
        if key in self._kept_forms:
            return
        with self.writing() as conn:
            known = conn.execute(
                select(forms.c.form_id).where(
                    forms.c.form_id == form.id, forms.c.version == form.version
                )
            ).first()
            if known is None:
                conn.execute(
                    insert(forms).values(
                        form_id=form.id,
                        version=form.version,
                        definition=dump_text_form(form),
                        loaded_at=now(),
                    )
                )
        self._kept_forms.add(key)

    def form_definition(self, form_id: str, version: str) -> str | None:
        """The kept definition (text format) of a form version, or None."""
        with self.reading() as conn:
            return conn.execute(
                select(forms.c.definition).where(
                    forms.c.form_id == form_id, forms.c.version == version
                )
            ).scalar()

    def kept_form(self, form_id: str, version: str) -> Form | None:
        """A form version this store keeps, ready to validate with; None if unknown."""
        key = (form_id, version)
        if key not in self._loaded_forms:
            definition = self.form_definition(form_id, version)
            self._loaded_forms[key] = form_from_definition(definition) if definition else None
            if definition:
                self._kept_forms.add(key)
        return self._loaded_forms[key]

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.reading() as conn:
            value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self.writing() as conn:
            conn.execute(
                sqlite_insert(settings)
                .values(key=key, value=value)
                .on_conflict_do_update(index_elements=["key"], set_={"value": value})
            )

    # --- saving -----------------------------------------------------------------------

    def keys_of(self, form: Form) -> FormKeys:
        keys = self._form_keys.get(id(form))
        if keys is None:
            keys = self._form_keys[id(form)] = FormKeys.of(form)
        return keys

    def save(
        self,
        form: Form,
        data: dict[str, Any],
        *,
        author: str,
        role: Role = Role.VILLAGE,
        record_id: str | None = None,
        village: str | None = None,
    ) -> Saved:
        """Validate and save one record: a new revision and its current state, together.

        A draft is saved with its problems (a cadre's half-typed record must never be
        lost); `move(..., SUBMITTED)` refuses a record that still has any."""
        problems = validate(form, data)
        self.keep_form(form)
        with self.writing() as conn:
            log = AuditWriter(conn)
            pending = _Pending()
            saved = self._stage(
                conn, log, pending, form, data, problems, author, role, record_id, village
            )
            self._flush(conn, pending, log)
        return saved

    def save_many(
        self, form: Form, items: Iterable[dict[str, Any]], *, author: str, batch: int = 2000
    ) -> int:
        """Save new records in batches, each batch one transaction; returns the count.
        A crash loses at most the batch in progress, never part of a record."""
        count, chunk = 0, []
        for data in items:
            chunk.append(data)
            if len(chunk) == batch:
                count += self._save_batch(form, chunk, author)
                chunk = []
        if chunk:
            count += self._save_batch(form, chunk, author)
        return count

    def save_all(
        self,
        form: Form,
        items: Iterable[dict[str, Any]],
        *,
        author: str,
        problems: Sequence[list[Problem]] | None = None,
    ) -> int:
        """Save new records all in one transaction: every one of them, or none (an Excel
        import the user confirmed must not stop half-way). `problems`, one list per
        record, is what the caller's own validation against this form found: an import
        validated every row for its preview, and twice would double the wait."""
        return self._save_batch(form, list(items), author, problems)

    def existing_id_numbers(self, numbers: Iterable[str]) -> set[str]:
        """Which of these ID numbers a live record already has."""
        wanted = sorted({n for n in numbers if n})
        found: set[str] = set()
        with self.reading() as conn:
            for start in range(0, len(wanted), 500):
                found.update(
                    conn.execute(
                        select(records.c.id_number).where(
                            records.c.id_number.in_(wanted[start : start + 500]),
                            records.c.deleted == 0,
                        )
                    ).scalars()
                )
        return found

    def _save_batch(
        self, form: Form, chunk: list[dict], author: str, problems: Sequence | None = None
    ) -> int:
        self.keep_form(form)
        if problems is None:
            problems = [validate(form, data) for data in chunk]
        elif len(problems) != len(chunk):
            raise ValueError("one list of problems per record")
        checked = list(zip(chunk, problems, strict=True))
        with self.writing() as conn:
            log, pending = AuditWriter(conn), _Pending()
            for data, problems in checked:
                self._stage(
                    conn, log, pending, form, data, problems, author, Role.VILLAGE, None, None
                )
            self._flush(conn, pending, log)
        return len(chunk)

    def _stage(
        self, conn, log, pending, form, data, problems, author, role, record_id, village
    ) -> Saved:
        stamp = now()
        current = None
        if record_id is not None:
            current = conn.execute(
                select(records.c.head, records.c.status, records.c.reason, revisions.c.data)
                .join(revisions, revisions.c.id == records.c.head)
                .where(records.c.id == record_id)
            ).first()
        if current is not None:
            status, reason, parent = Status(current.status), current.reason, current.head
            check_edit(role, status)
        else:
            record_id = record_id or str(uuid.uuid4())
            status, reason, parent = Status.DRAFT, "", None
        data_text = canonical_json(data)
        if current is not None and data_text == current.data:
            # An autosave of what is already saved: no new revision to sync.
            return Saved(record_id, current.head, status.value, problems, changed=False)
        revision = revision_id_from_text(parent, record_id, data_text, status.value, False, reason)
        keys = self.keys_of(form)
        pending.revisions.append(
            {
                "id": revision,
                "record_id": record_id,
                "parent": parent,
                "generation": generation_of(revision),
                "author": author,
                "created_at": stamp,
                "status": status.value,
                "reason": reason,
                "deleted": 0,
                "data": data_text,
                "pushed": 0,
            }
        )
        row = {
            "head": revision,
            "form_id": form.id,
            "form_version": form.version,
            "village": village or str(data.get(keys.village) or ""),
            "status": status.value,
            "reason": reason,
            "problems": len(problems),
            "updated_at": stamp,
            **keys.columns(data),
        }
        if current is None:
            pending.records.append({"id": record_id, "deleted": 0, "created_at": stamp, **row})
        else:
            conn.execute(update(records).where(records.c.id == record_id).values(**row))
        log.add(author, "record.save", record_id, revision=revision, problems=len(problems))
        return Saved(record_id, revision, status.value, problems)

    def _flush(self, conn: Connection, pending: _Pending, log: AuditWriter) -> None:
        # Records before revisions: revisions reference their record.
        insert_many(conn, records, pending.records)
        insert_many(conn, revisions, pending.revisions)
        log.flush()

    def move(self, record_id: str, new: Status, *, role: Role, actor: str, reason: str = "") -> str:
        """Change a record's status as the workflow allows; a new revision records it."""
        with self.writing() as conn:
            row = _current(conn, record_id)
            if row is None:
                raise StoreError("store.no_such_record", record_id=record_id)
            old = Status(row.status)
            check_move(role, old, new, reason)
            if new in (Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED) and row.problems:
                raise WorkflowError("workflow.has_problems", count=str(row.problems))
            reason = reason.strip() if new == Status.RETURNED else ""
            return _restate(conn, row, new.value, reason, actor, f"record.{new.value}")

    def confirm(self, record_id: str, *, author: str) -> str:
        """The half-yearly refresh: the person is still as recorded. A new revision with
        the same answers and status says so, and syncs like any change (the server then
        counts the record as confirmed in the open survey round)."""
        with self.writing() as conn:
            row = _current(conn, record_id)
            if row is None:
                raise StoreError("store.no_such_record", record_id=record_id)
            return _restate(conn, row, row.status, row.reason, author, "record.confirm")

    def undeletable(self, record_id: str, actor: str) -> str | None:
        """Why `actor` may not delete this record (a message code), or None: only a draft
        of theirs nothing of which has left the laptop (never pushed, in no sync bundle),
        for the server and the other laptops never knew it."""
        with self.reading() as conn:
            return _undeletable(conn, record_id, actor)

    def delete_draft(self, record_id: str, *, actor: str) -> None:
        """Remove a draft saved by accident, history and all; the audit log keeps its id."""
        with self.writing() as conn:
            reason = _undeletable(conn, record_id, actor)
            if reason:
                raise StoreError(reason, record_id=record_id)
            conn.execute(delete(conflicts).where(conflicts.c.record_id == record_id))
            conn.execute(delete(revisions).where(revisions.c.record_id == record_id))
            conn.execute(delete(records).where(records.c.id == record_id))
            log = AuditWriter(conn)
            log.add(actor, "record.delete_draft", record_id)
            log.flush()

    # --- reading ----------------------------------------------------------------------

    def get(self, record_id: str) -> RecordView | None:
        with self.reading() as conn:
            row = _current(conn, record_id)
        return None if row is None else _view(row)

    def last_saved(self, form_id: str, author: str) -> dict[str, Any]:
        """The answers of the revision `author` saved last in a record of this form, for
        `${last-saved#name}` (a cadre going from house to house keeps the village, the
        surveyor, the date); {} before the first."""
        with self.reading() as conn:
            data = conn.execute(
                select(revisions.c.data)
                .join(records, records.c.id == revisions.c.record_id)
                .where(records.c.form_id == form_id, revisions.c.author == author)
                .order_by(revisions.c.created_at.desc(), revisions.c.generation.desc())
                .limit(1)
            ).scalar()
        return json.loads(data) if data else {}

    def history(self, record_id: str) -> list[RevisionView]:
        with self.reading() as conn:
            rows = conn.execute(
                select(revisions)
                .where(revisions.c.record_id == record_id)
                .order_by(revisions.c.generation)
            ).all()
        return [
            RevisionView(
                r.id, r.parent, r.author, r.created_at, r.status, r.reason, json.loads(r.data)
            )
            for r in rows
        ]

    def page(
        self, filters: RecordFilter | None = None, offset: int = 0, limit: int = 100
    ) -> list[RecordSummary]:
        """A page of records, the most recently changed first.

        The page's ids are found first, from the index alone, and only then their rows
        (a "deferred join"): skipping 50,000 index entries is cheap, 50,000 rows are not."""
        newest_first = (records.c.updated_at.desc(), records.c.id.desc())
        ids = (
            select(records.c.id)
            .where(*(filters or RecordFilter()).clauses())
            .order_by(*newest_first)
            .offset(offset)
            .limit(limit)
        )
        query = (
            select(*SUMMARY_COLUMNS)
            .where(records.c.id.in_(ids.scalar_subquery()))
            .order_by(*newest_first)
        )
        with self.reading() as conn:
            return [RecordSummary(*row) for row in conn.execute(query)]

    def search(
        self, term: str, filters: RecordFilter | None = None, limit: int = 100
    ) -> list[RecordSummary]:
        """By name (characters), pinyin initials or spelling ("zs", "zhangs"), or the start
        of an ID number or phone number."""
        term = term.strip()
        if not term:
            return self.page(filters, 0, limit)
        if term.replace("x", "").replace("X", "").isdigit():
            match = or_(
                records.c.id_number.startswith(term.upper()), records.c.phone.startswith(term)
            )
        elif term.isascii():
            lowered = term.lower()
            match = or_(
                records.c.name_initials.contains(f"|{lowered}", autoescape=True),
                records.c.name_pinyin.startswith(lowered, autoescape=True),
            )
        else:
            match = records.c.full_name.contains(term, autoescape=True)
        query = (
            select(*SUMMARY_COLUMNS)
            .where(match, *(filters or RecordFilter()).clauses())
            .order_by(records.c.full_name)
            .limit(limit)
        )
        with self.reading() as conn:
            return [RecordSummary(*row) for row in conn.execute(query)]

    def iter_records(
        self, filters: RecordFilter | None = None, chunk: int = 1000
    ) -> Iterator[RecordView]:
        """Every record the filter selects, with its answers, in id order, read `chunk` at
        a time (an export of 100,000 records never holds them all)."""
        after = ""
        clauses = (filters or RecordFilter()).clauses()
        while True:
            query = (
                select(records, revisions.c.data)
                .join(revisions, revisions.c.id == records.c.head)
                .where(records.c.id > after, *clauses)
                .order_by(records.c.id)
                .limit(chunk)
            )
            with self.reading() as conn:
                rows = conn.execute(query).all()
            yield from (_view(row) for row in rows)
            if len(rows) < chunk:
                return
            after = rows[-1].id

    def progress_by_village(self, filters: RecordFilter | None = None) -> dict[str, dict]:
        """Live records per village and status: {village: {status: count}}."""
        query = (
            select(records.c.village, records.c.status, func.count())
            .where(*(filters or RecordFilter()).clauses())
            .group_by(records.c.village, records.c.status)
        )
        found: dict[str, dict[str, int]] = {}
        with self.reading() as conn:
            for village, status, count in conn.execute(query):
                found.setdefault(village, {s.value: 0 for s in Status})[status] = count
        return found

    def count_by_status(self, filters: RecordFilter | None = None) -> dict[str, int]:
        # Deleted records are left out by the count's FILTER, not by WHERE, so that SQLite
        # counts from the (status, deleted) index alone.
        query = (
            select(records.c.status, func.count().filter(records.c.deleted == 0))
            .where(*(filters or RecordFilter()).clauses(live_only=False))
            .group_by(records.c.status)
        )
        with self.reading() as conn:
            counts = dict(conn.execute(query).all())
        return {s.value: counts.get(s.value, 0) for s in Status}

    # --- checks -----------------------------------------------------------------------

    def audit_entries(self) -> list[dict[str, Any]]:
        """The audit log as plain data (it holds ids and actions, no personal data)."""
        with self.reading() as conn:
            rows = conn.execute(select(audit_table).order_by(audit_table.c.seq)).all()
        return [dict(row._mapping) for row in rows]

    def verify_audit(self) -> tuple[int, BrokenLink | None]:
        with self.reading() as conn:
            return audit_log.verify(conn)

    def integrity(self) -> list[str]:
        """Problems SQLite and SQLCipher find in the file; [] when it is sound."""
        with self.reading() as conn:
            found = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
            found += [r[0] for r in conn.execute(text("PRAGMA cipher_integrity_check"))]
        return [f for f in found if f != "ok"]


def _undeletable(conn: Connection, record_id: str, actor: str) -> str | None:
    record = conn.execute(
        select(records.c.status, records.c.created_at).where(
            records.c.id == record_id, records.c.deleted == 0
        )
    ).first()
    if record is None:
        return "store.no_such_record"
    if record.status != Status.DRAFT.value:
        return "store.delete_not_draft"
    made = conn.execute(
        select(func.max(revisions.c.pushed), func.min(revisions.c.author == actor)).where(
            revisions.c.record_id == record_id
        )
    ).one()
    if made[0]:
        return "store.delete_sent"
    if not made[1]:
        return "store.delete_not_own"
    # A bundle holds every unsent revision there was when it was made.
    exports = conn.execute(
        select(audit_table.c.detail).where(
            audit_table.c.action == "data.export", audit_table.c.at >= record.created_at
        )
    ).scalars()
    if any(json.loads(detail).get("what") == "bundle" for detail in exports):
        return "store.delete_sent"
    return None


def _current(conn: Connection, record_id: str):
    """A record's row with the answers of its head revision, or None."""
    return conn.execute(
        select(records, revisions.c.data)
        .join(revisions, revisions.c.id == records.c.head)
        .where(records.c.id == record_id)
    ).first()


def _view(row) -> RecordView:
    return RecordView(
        row.id,
        row.form_id,
        row.form_version,
        row.village,
        row.status,
        row.reason,
        row.head,
        json.loads(row.data),
        row.problems,
        row.created_at,
        row.updated_at,
    )


def _restate(conn: Connection, row, status: str, reason: str, actor: str, action: str) -> str:
    """A new revision of a record's answers as they are, with this status and reason (a
    move, or a confirmation: the same content on a new parent is a revision of its own,
    which the server checks as any other); returns its id."""
    revision = revision_id(
        row.head, revision_content(row.id, json.loads(row.data), status, False, reason)
    )
    stamp = now()
    conn.execute(
        insert(revisions).values(
            id=revision,
            record_id=row.id,
            parent=row.head,
            generation=generation_of(revision),
            author=actor,
            created_at=stamp,
            status=status,
            reason=reason,
            deleted=0,
            data=row.data,
            pushed=0,
        )
    )
    conn.execute(
        update(records)
        .where(records.c.id == row.id)
        .values(head=revision, status=status, reason=reason, updated_at=stamp)
    )
    log = AuditWriter(conn)
    log.add(actor, action, row.id, revision=revision)
    log.flush()
    return revision
