"""The county server's data: accounts, divisions, forms, records and their review.

Every read and write of records takes the caller's `Account` and is limited to its
scope in SQL: a village account its village, a township account its villages, county
and admin accounts everything. Review moves go through `collector.workflow`, the rules
the laptops apply too.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import secrets
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from collector.forms import FormError, form_from_definition
from collector.forms.keys import FormKeys
from collector.forms.model import Form
from collector.messages import texts
from collector.revisions import canonical_json, revision_content, revision_id
from collector.server import schema as t
from collector.server.passwords import check_password, hash_password
from collector.workflow import Role, Status, WorkflowError, check_move

TOKEN_HOURS = 12
THROTTLE_FAILURES = 5
"""Failed logins of one account name within THROTTLE_MINUTES before it is locked."""
ADDRESS_FAILURES = 20
"""Failed logins from one client address (one password tried on many names); an office
behind one address has room for its cadres' typing errors."""
THROTTLE_MINUTES = 15
LEVEL_OF_ROLE = {Role.VILLAGE: "village", Role.TOWNSHIP: "township", Role.COUNTY: "county"}
WORKFLOW_STATUS = {"workflow.no_such_move": 409, "workflow.reason_required": 400}
"""HTTP status of a refused move: a stale status conflicts, a missing reason is bad input,
and a move of another role's is forbidden (403, the default)."""
ACTIONS = {"approve": Status.APPROVED, "return": Status.RETURNED, "accept": Status.ACCEPTED}


class ServerError(Exception):
    """A request the server refuses; `status` is the HTTP status, `code` the message."""

    def __init__(self, status: int, code: str, **params: Any):
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime | None = None) -> str:
    return (moment or now()).isoformat(timespec="milliseconds")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: Role
    division: str

    def scope(self, village=t.records.c.village):
        """The SQL condition on a village column for what this account may see."""
        if self.role == Role.ADMIN:
            return None
        if self.role == Role.VILLAGE:
            return village == self.division
        if self.role == Role.TOWNSHIP and village is t.records.c.village:
            return t.records.c.township == self.division
        return village.startswith(self.division, autoescape=True)

    @property
    def county(self) -> str:
        return self.division[:6]

    def sees(self, village: str) -> bool:
        if self.role == Role.ADMIN:
            return True
        if self.role == Role.VILLAGE:
            return village == self.division
        return village.startswith(self.division)


def _end_sessions(conn: Connection, name: str) -> None:
    account_id = select(t.accounts.c.id).where(t.accounts.c.name == name)
    conn.execute(t.tokens.delete().where(t.tokens.c.account_id.in_(account_id)))


@functools.cache
def dummy_hash() -> str:
    """A hash of no one's password, checked for names that cannot log in."""
    return hash_password(secrets.token_urlsafe(16))


def enabled_account(conn: Connection, name: str) -> Account | None:
    row = conn.execute(
        select(t.accounts).where(t.accounts.c.name == name, t.accounts.c.disabled.is_(False))
    ).first()
    return Account(row.id, row.name, Role(row.role), row.division) if row else None


class ServerStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._forms: dict[tuple[str, str], tuple[Form, FormKeys]] = {}

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction; on SQLite it holds the write lock from its first read."""
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            yield conn

    # --- divisions --------------------------------------------------------------------

    def import_divisions(self, rows: list[dict[str, str]]) -> int:
        """Add or update divisions (code, name, parent, level), parents first."""
        order = {"province": 0, "city": 1, "county": 2, "township": 3, "village": 4}
        rows = sorted(rows, key=lambda r: order.get(r["level"], 9))
        with self.writing() as conn:
            known = {code for (code,) in conn.execute(select(t.divisions.c.code))}
            for row in rows:
                values = {k: row.get(k) or None for k in ("code", "name", "parent", "level")}
                if row["code"] in known:
                    conn.execute(
                        update(t.divisions)
                        .where(t.divisions.c.code == row["code"])
                        .values(**values)
                    )
                else:
                    conn.execute(insert(t.divisions).values(**values))
        return len(rows)

    def check_filters(self, **given: str | None) -> None:
        """Refuse a filter naming a division or form the server does not know (a typo in a
        code would otherwise look like a village with no records)."""
        tables = {
            "village": (t.divisions.c.code, "village"),
            "township": (t.divisions.c.code, "township"),
            "form": (t.forms.c.form_id, None),
        }
        with self.engine.connect() as conn:
            for name, value in given.items():
                if value is None:
                    continue
                column, level = tables[name]
                query = select(column).where(column == value)
                if level:
                    query = query.where(t.divisions.c.level == level)
                if conn.execute(query.limit(1)).first() is None:
                    raise ServerError(422, "server.unknown_filter", field=name, value=value)

    def divisions(self, parent: str | None = None) -> list[dict[str, Any]]:
        query = select(t.divisions).order_by(t.divisions.c.code)
        if parent is not None:
            query = query.where(t.divisions.c.parent == parent)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    # --- accounts and tokens ----------------------------------------------------------

    def add_account(self, name: str, role: Role, division: str, password: str) -> int:
        with self.writing() as conn:
            level = conn.execute(
                select(t.divisions.c.level).where(t.divisions.c.code == division)
            ).scalar()
            if level is None:
                raise ServerError(400, "server.unknown_division", division=division)
            wanted = LEVEL_OF_ROLE.get(role)
            if wanted and level != wanted:
                raise ServerError(
                    400, "server.role_division", role=texts(f"role.{role.value}"),
                    level=texts(f"level.{level}"),
                )  # fmt: skip
            try:
                return conn.execute(
                    insert(t.accounts).values(
                        name=name,
                        role=role.value,
                        division=division,
                        password_hash=hash_password(password),
                        disabled=False,
                        created_at=stamp(),
                    )
                ).inserted_primary_key[0]
            except IntegrityError:
                raise ServerError(409, "server.account_exists", name=name) from None

    def account(self, name: str) -> Account | None:
        """The enabled account of that name (for provisioning a PC), or None."""
        with self.engine.connect() as conn:
            return enabled_account(conn, name)

    def set_disabled(self, name: str, disabled: bool) -> None:
        with self.writing() as conn:
            done = conn.execute(
                update(t.accounts).where(t.accounts.c.name == name).values(disabled=disabled)
            )
            if done.rowcount == 0:
                raise ServerError(404, "server.no_such_account", name=name)
            if disabled:
                _end_sessions(conn, name)

    def reset_password(self, name: str, password: str) -> None:
        with self.writing() as conn:
            done = conn.execute(
                update(t.accounts)
                .where(t.accounts.c.name == name)
                .values(password_hash=hash_password(password))
            )
            if done.rowcount == 0:
                raise ServerError(404, "server.no_such_account", name=name)
            # Whoever knew the old password is logged out with it.
            _end_sessions(conn, name)

    def login(self, name: str, password: str, address: str = "") -> tuple[str, str, Account]:
        """(token, expiry, account). Each try is counted for the name and for the client
        address before its password is checked; past the limit of either, no password is
        checked until the window is over."""
        self._count_try(name, address)
        with self.engine.connect() as conn:
            row = conn.execute(select(t.accounts).where(t.accounts.c.name == name)).first()
        # An unknown or disabled name costs one hash check too, so that the time of the
        # answer does not tell which names exist.
        stored = row.password_hash if row is not None else dummy_hash()
        if not check_password(password, stored) or row is None or row.disabled:
            raise ServerError(401, "server.bad_login")
        with self.writing() as conn:
            conn.execute(
                t.login_throttle.delete().where(t.login_throttle.c.key == f"account:{name}")
            )
            # The address's try is given back: only failures count against an office.
            conn.execute(
                update(t.login_throttle)
                .where(t.login_throttle.c.key == f"address:{address}")
                .values(count=t.login_throttle.c.count - 1)
            )
            token = secrets.token_urlsafe(32)
            expires = stamp(now() + dt.timedelta(hours=TOKEN_HOURS))
            conn.execute(
                insert(t.tokens).values(
                    token_hash=_token_hash(token), account_id=row.id, expires_at=expires
                )
            )
            self._audit(conn, name, "login")
        return token, expires, Account(row.id, row.name, Role(row.role), row.division)

    def _count_try(self, name: str, address: str) -> None:
        """Count a login try for the name and the address, in one committed transaction
        (each counter raised by one statement that returns the new count, so 64 tries at
        once get 64 different counts); refuse it if either is past its limit."""
        moment = now()
        window_start = stamp(moment - dt.timedelta(minutes=THROTTLE_MINUTES))
        with self.writing() as conn:
            # Counters whose window is over go: the table holds only the last minutes.
            conn.execute(t.login_throttle.delete().where(t.login_throttle.c.since < window_start))
            for key, limit in ((f"account:{name}", THROTTLE_FAILURES),
                               (f"address:{address}", ADDRESS_FAILURES)):  # fmt: skip
                upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
                statement = upsert(t.login_throttle).values(key=key, count=1, since=stamp(moment))
                count, since = conn.execute(
                    statement.on_conflict_do_update(
                        index_elements=["key"],
                        set_={"count": t.login_throttle.c.count + 1},
                    ).returning(t.login_throttle.c.count, t.login_throttle.c.since)
                ).one()
                if count > limit:
                    opens = dt.datetime.fromisoformat(since) + dt.timedelta(
                        minutes=THROTTLE_MINUTES
                    )
                    minutes = max(1, math.ceil((opens - moment).total_seconds() / 60))
                    raise ServerError(
                        429, "server.throttled" if key.startswith("account:") else
                        "server.throttled_address", minutes=minutes, until=opens.strftime("%H:%M"),
                    )  # fmt: skip

    def account_for_token(self, token: str) -> Account | None:
        """The token's account, read from the database on every request: a reset or a
        disable ends the account's sessions at once, in every worker process."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.accounts)
                .join(t.tokens, t.tokens.c.account_id == t.accounts.c.id)
                .where(
                    t.tokens.c.token_hash == _token_hash(token),
                    t.tokens.c.expires_at > stamp(),
                    t.accounts.c.disabled.is_(False),
                )
            ).first()
        return Account(row.id, row.name, Role(row.role), row.division) if row else None

    # --- forms ------------------------------------------------------------------------

    def publish_form(self, form_id: str, version: str, title: str, definition: str, by: str):
        with self.writing() as conn:
            known = conn.execute(
                select(t.forms.c.definition).where(
                    t.forms.c.form_id == form_id, t.forms.c.version == version
                )
            ).scalar()
            if known is not None:
                if known != definition:
                    raise ServerError(
                        409, "server.form_version_exists", form=form_id, version=version
                    )
                return
            conn.execute(
                insert(t.forms).values(
                    form_id=form_id,
                    version=version,
                    title=title,
                    definition=definition,
                    published_at=stamp(),
                    published_by=by,
                )
            )
            self._audit(conn, by, "form.publish", detail={"form": form_id, "version": version})

    def form(self, conn: Connection, form_id: str, version: str) -> Form | None:
        """A published form, parsed once (a version, once published, never changes), or
        None if it is not published (yet) or cannot be read."""
        return self._form(conn, form_id, version)[0]

    def form_keys(self, conn: Connection, form_id: str, version: str) -> FormKeys:
        """Where a published form keeps a record's village, name and ID number."""
        keys = self._form(conn, form_id, version)[1]
        if keys is None:
            raise ServerError(404, "sync.unknown_form", form=form_id, version=version)
        return keys

    def _form(self, conn, form_id: str, version: str) -> tuple[Form | None, FormKeys | None]:
        key = (form_id, version)
        if key not in self._forms:
            definition = conn.execute(
                select(t.forms.c.definition).where(
                    t.forms.c.form_id == form_id, t.forms.c.version == version
                )
            ).scalar()
            try:
                form = form_from_definition(definition) if definition else None
            except FormError:
                form = None
            if form is None:
                return None, None
            self._forms[key] = (form, FormKeys.of(form))
        return self._forms[key]

    def forms(self) -> list[dict[str, Any]]:
        columns = [t.forms.c.form_id, t.forms.c.version, t.forms.c.title, t.forms.c.published_at]
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(*columns).order_by(t.forms.c.form_id, t.forms.c.published_at)
            )
            return [dict(r._mapping) for r in rows]

    def form_definition(self, form_id: str, version: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(t.forms.c.definition).where(
                    t.forms.c.form_id == form_id, t.forms.c.version == version
                )
            ).scalar()

    # --- survey rounds ----------------------------------------------------------------

    def open_round(self, name: str, by: str, county: str) -> int:
        """Open a survey round (the half-yearly refresh) in a county; one is open at a time."""
        with self.writing() as conn:
            if county in self._open_rounds(conn):
                raise ServerError(409, "server.round_open")
            try:
                round_id = conn.execute(
                    insert(t.rounds).values(name=name, county=county, opened_at=stamp())
                ).inserted_primary_key[0]
            except IntegrityError:
                raise ServerError(409, "server.round_exists", name=name) from None
            self._audit(conn, by, "round.open", detail={"round": name, "county": county})
        return round_id

    def close_round(self, by: str, county: str) -> None:
        with self.writing() as conn:
            round_id = self._open_rounds(conn).get(county)
            if round_id is None:
                raise ServerError(409, "server.no_open_round")
            conn.execute(
                update(t.rounds).where(t.rounds.c.id == round_id).values(closed_at=stamp())
            )
            self._audit(conn, by, "round.close", detail={"round": round_id, "county": county})

    def rounds(self, account: Account) -> list[dict[str, Any]]:
        """The rounds of the account's county (an admin account: every county's)."""
        query = select(t.rounds).order_by(t.rounds.c.id)
        if account.role != Role.ADMIN:
            query = query.where(t.rounds.c.county == account.county)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    @staticmethod
    def _open_rounds(conn) -> dict[str, int]:
        """The open round of each county that has one."""
        query = select(t.rounds.c.county, t.rounds.c.id).where(t.rounds.c.closed_at.is_(None))
        return {county: round_id for county, round_id in conn.execute(query)}

    # --- records ----------------------------------------------------------------------

    def _next_seq(self, conn, count: int = 1) -> int:
        """The first of `count` new change sequence numbers (the row lock serialises writers)."""
        last = conn.execute(
            update(t.sequence)
            .where(t.sequence.c.name == "changes")
            .values(value=t.sequence.c.value + count)
            .returning(t.sequence.c.value)
        ).scalar_one()
        return last - count + 1

    def put_record(
        self,
        record_id: str,
        form_id: str,
        form_version: str,
        village: str,
        data: dict[str, Any],
        *,
        author: str,
        status: Status = Status.SUBMITTED,
    ) -> str:
        """Store a record directly, without the checks of a sync push: test data, and the
        benchmarks' baseline (laptops send records through `replication.Replication`)."""
        content = revision_content(record_id, data, status.value)
        with self.writing() as conn:
            known = conn.execute(
                select(t.records.c.head, t.records.c.village, t.records.c.status).where(
                    t.records.c.id == record_id
                )
            ).first()
            head = known.head if known else None
            revision = revision_id(head, content)
            before = (known.village, known.status) if known else None
            names = _names(self.form_keys(conn, form_id, form_version), data)
            self._write(
                conn, record_id, revision, head, data, status, "", author, village, form_id,
                form_version, before, names,
            )  # fmt: skip
        return revision

    def put_many(self, items: list[dict[str, Any]], *, author: str) -> int:
        """Store new records in one transaction, one statement per table: a village's
        backlog, or a benchmark's 100,000. Each item: id, form_id, form_version, village,
        data, status."""
        at = stamp()
        with self.writing() as conn:
            open_rounds = self._open_rounds(conn)
            first = self._next_seq(conn, len(items))
            record_rows, revision_rows = [], []
            for offset, item in enumerate(items):
                status = Status(item.get("status", Status.SUBMITTED))
                data, record_id = item["data"], item["id"]
                revision = revision_id(None, revision_content(record_id, data, status.value))
                text = canonical_json(data)
                round_id = open_rounds.get(item["village"][:6])
                state = _state_row(revision, status, "", text, first + offset, round_id, at)
                identity = _identity_row(
                    record_id, item["form_id"], item["form_version"], item["village"]
                )
                keys = self.form_keys(conn, item["form_id"], item["form_version"])
                record_rows.append(identity | state | _names(keys, data))
                revision_rows.append(
                    _revision_row(revision, record_id, None, author, at, status, "", text)
                    | {"seq": state["seq"]}
                )
            conn.execute(insert(t.records), record_rows)
            conn.execute(insert(t.revisions), revision_rows)
            self._count(conn, Counter((r["village"], r["status"]) for r in record_rows))
        return len(items)

    @staticmethod
    def _count(conn, changes: Counter) -> None:
        """Add to (or, with negative numbers, take from) the counts by village and status."""
        rows = [
            {"village": village, "status": status, "count": delta}
            for (village, status), delta in sorted(changes.items())
            if delta
        ]
        if not rows:
            return
        upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        statement = upsert(t.record_counts)
        # One statement for the batch (executemany), not one compiled per village.
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["village", "status"],
                set_={"count": t.record_counts.c.count + statement.excluded.count},
            ),
            rows,
        )

    def _write(
        self,
        conn,
        record_id,
        revision,
        parent,
        data,
        status,
        reason,
        author,
        village=None,
        form_id=None,
        form_version=None,
        before: tuple[str, str] | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        """Write a revision and the record's new state; `before` is the (village, status)
        the record had, None for a new record; `names` its name and ID number columns,
        when its answers changed."""
        text, at = canonical_json(data), stamp()
        round_id = self._open_rounds(conn).get((village or before[0])[:6])
        state = _state_row(revision, status, reason, text, self._next_seq(conn), round_id, at) | (
            names or {}
        )
        if before is None:
            self._count(conn, Counter({(village, status.value): 1}))
        elif before[1] != status.value:
            self._count(conn, Counter({(before[0], status.value): 1, before: -1}))
        if parent is None:
            conn.execute(
                insert(t.records).values(
                    **_identity_row(record_id, form_id, form_version, village), **state
                )
            )
        else:
            conn.execute(update(t.records).where(t.records.c.id == record_id).values(**state))
        conn.execute(
            insert(t.revisions).values(
                **_revision_row(revision, record_id, parent, author, at, status, reason, text),
                seq=state["seq"],
            )
        )

    def records(
        self,
        account: Account,
        *,
        township: str | None = None,
        village: str | None = None,
        status: str | None = None,
        form_id: str | None = None,
        updated_since: str | None = None,
        round_id: int | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        clauses = [t.records.c.deleted.is_(False)]
        if round_id is not None:
            clauses.append(t.records.c.confirmed_round == round_id)
        scope = account.scope()
        if scope is not None:
            clauses.append(scope)
        if township:
            clauses.append(t.records.c.township == township)
        if village:
            clauses.append(t.records.c.village == village)
        if status:
            clauses.append(t.records.c.status == status)
        if form_id:
            clauses.append(t.records.c.form_id == form_id)
        if updated_since:
            clauses.append(t.records.c.updated_at > updated_since)
        columns = [c for c in t.records.c if c.name not in ("data", "deleted")]
        query = (
            select(*columns)
            .where(and_(*clauses))
            .order_by(t.records.c.seq)
            .offset(offset)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def record(self, account: Account, record_id: str) -> dict[str, Any] | None:
        """The record with its answers, or None when it does not exist or is out of scope
        (the two look the same, so nobody learns what exists elsewhere)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(t.records).where(t.records.c.id == record_id)).first()
        if row is None or row.deleted or not account.sees(row.village):
            return None
        found = dict(row._mapping)
        found["data"] = json.loads(found["data"])
        found.pop("deleted")
        return found

    def review(self, account: Account, record_id: str, action: str, reason: str = "") -> dict:
        new = ACTIONS.get(action)
        if new is None:
            raise ServerError(400, "server.unknown_action", action=action)
        with self.writing() as conn:
            row = conn.execute(select(t.records).where(t.records.c.id == record_id)).first()
            if row is None or row.deleted or not account.sees(row.village):
                raise ServerError(404, "server.no_such_record", record_id=record_id)
            try:
                check_move(account.role, Status(row.status), new, reason)
            except WorkflowError as err:
                status = WORKFLOW_STATUS.get(err.code, 403)
                raise ServerError(status, err.code, **err.params) from None
            reason = reason.strip() if new == Status.RETURNED else ""
            data = json.loads(row.data)
            revision = revision_id(
                row.head, revision_content(record_id, data, new.value, False, reason)
            )
            self._write(
                conn, record_id, revision, row.head, data, new, reason, account.name,
                before=(row.village, row.status),
            )  # fmt: skip
            self._audit(
                conn, account.name, f"record.{new.value}", record_id, {"revision": revision}
            )
        return {"id": record_id, "status": new.value, "revision": revision}

    def stats(
        self, account: Account, by: str = "village", round_id: int | None = None
    ) -> list[dict[str, Any]]:
        """Counts by division (village, or township: the first 9 digits) and status, of
        all records or of those confirmed in one survey round."""
        if round_id is None:
            table, count = t.record_counts, func.sum(t.record_counts.c.count)
            clauses = [t.record_counts.c.count > 0]
        else:
            table, count = t.records, func.count()
            clauses = [t.records.c.deleted.is_(False), t.records.c.confirmed_round == round_id]
        village = table.c.village
        division = village if by == "village" else func.substr(village, 1, 9)
        scope = account.scope(village)
        if scope is not None:
            clauses.append(scope)
        query = (
            select(division.label("division"), table.c.status, count.label("count"))
            .where(and_(*clauses))
            .group_by(division, table.c.status)
            .order_by(division, table.c.status)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    # --- audit ------------------------------------------------------------------------

    def _audit(self, conn, actor: str, action: str, record_id=None, detail=None) -> None:
        conn.execute(
            insert(t.audit).values(
                at=stamp(),
                actor=actor,
                action=action,
                record_id=record_id,
                detail=canonical_json(detail or {}),
            )
        )

    def audit(self, account: Account, offset: int = 0, limit: int = 100) -> list[dict[str, Any]]:
        """The audit log of what the accounts of the caller's county did (an admin
        account: everything, also what was done from the command line)."""
        query = select(t.audit).order_by(t.audit.c.seq).offset(offset).limit(limit)
        if account.role != Role.ADMIN:
            actors = select(t.accounts.c.name).where(
                t.accounts.c.division.startswith(account.county, autoescape=True)
            )
            query = query.where(t.audit.c.actor.in_(actors))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]


def _identity_row(record_id: str, form_id: str, form_version: str, village: str) -> dict:
    """The columns a record gets once, when it first arrives."""
    return {
        "id": record_id,
        "form_id": form_id,
        "form_version": form_version,
        "village": village,
        "township": village[:9],
        "deleted": False,
    }


def _names(keys: FormKeys, data: dict[str, Any]) -> dict[str, str]:
    """The record's name and ID number columns, read where its form keeps them."""
    return dict(zip(("full_name", "id_number"), keys.identity(data), strict=True))


def _state_row(revision, status, reason, text, seq, round_id, at) -> dict:
    """The columns of a record's current state, rewritten with each revision. A record
    counts as confirmed in the survey round that is open when it last changed."""
    return {
        "head": revision,
        "status": status.value,
        "reason": reason,
        "data": text,
        "seq": seq,
        "confirmed_round": round_id,
        "updated_at": at,
    }


def _revision_row(revision, record_id, parent, author, at, status, reason, text) -> dict:
    return {
        "id": revision,
        "record_id": record_id,
        "parent": parent,
        "author": author,
        "created_at": at,
        "status": status.value,
        "reason": reason,
        "data": text,
    }
