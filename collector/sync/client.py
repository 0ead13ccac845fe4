"""The laptop's sync client: push unsent revisions in batches, then pull changes page by
page, over HTTPS with timeouts, retries and back-off (DESIGN.md, Sync).

A dropped connection is retried from where it stopped: every push batch and every pull
page is idempotent (the server keeps its answers by revision id; a page and its
checkpoint are stored together), so sending one again never makes a duplicate. Errors a
user can meet are `SyncError`s with a catalogued message that says what to do.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import ValidationError
from urllib3.exceptions import NewConnectionError

from collector.forms import form_from_definition
from collector.messages import render
from collector.storage import replica
from collector.storage.store import Store
from collector.wire import (
    PAGE,
    ChangesPage,
    Outcome,
    PushAnswer,
    PushBatch,
    WireRevision,
    skipped_text,
)

TIMEOUT = (5, 120)
"""Seconds to connect, and to wait for an answer (a batch of hundreds takes a while on a
slow county link)."""
BATCH = 500
TOKEN = "sync.token"
ACCOUNT = "sync.account"


class SyncError(Exception):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return render(self.code, self.params)


class CheckpointUnknown(SyncError):
    pass


class Dropped(Exception):
    """A request's connection dropped before its answer came (the server may have
    acted on it)."""


@dataclass
class Progress:
    stage: str
    """"push" or "pull"."""
    done: int
    total: int | None


@dataclass
class Report:
    pushed: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    held: int = 0
    pulled: int = 0
    seconds: float = 0.0

    def add(self, applied: replica.Applied) -> None:
        self.pushed += applied.accepted
        self.merged += applied.merged
        self.conflicts += applied.conflicts
        self.rejected += applied.rejected
        self.held += applied.held

    def lines(self) -> str:
        return render("sync.report", self.__dict__ | {"seconds": f"{self.seconds:.1f}"})


THIS_MACHINE = frozenset({"localhost", "127.0.0.1", "::1"})


def check_address(url: str) -> str | None:
    """Refuse (SyncError) a county address over which the account's password and every
    record would cross the network in clear: http:// to another machine, or anything but
    http(s). http:// on this machine (a demo, a server on the same PC) is allowed, with
    the code of the warning to show first; None for https://."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:  # an unmatched "[" in an IPv6 address
        parts, host = None, ""
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
        raise SyncError("sync.bad_address", url=url)
    if parts.scheme.lower() == "https":
        return None
    if host not in THIS_MACHINE:
        raise SyncError("sync.insecure_address", url=url)
    return "sync.http_local"


class Connection:
    """HTTP to the county server: one `requests.Session`, JSON in and out. An address
    `check_address` refuses is refused here, whoever asks."""

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        ca_bundle: str | None = None,
        retries: int = 5,
        backoff: float = 0.5,
        timeout: tuple[float, float] = TIMEOUT,
    ):
        check_address(url)
        self.url = url.strip().rstrip("/")
        self.token = token
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.session = requests.Session()
        # A county with its own certificate authority gives the laptops its certificate.
        # Passed with every request: a Session's own `verify` loses to REQUESTS_CA_BUNDLE
        # in the environment (requests issue #3829).
        self.verify: str | bool = ca_bundle or True

    def login(self, username: str, password: str) -> dict[str, Any]:
        answer = self._call(
            "POST", "/api/v1/token", json={"username": username, "password": password}
        )
        self.token = answer["access_token"]
        return answer

    def reachable(self) -> bool:
        try:
            return self.session.get(
                f"{self.url}/api/v1/health", timeout=(3, 5), verify=self.verify
            ).ok
        except requests.RequestException:
            return False

    def push(self, revisions: list[WireRevision]) -> PushAnswer:
        return read_push_answer(self.push_body(push_body(revisions)))

    def push_body(self, body: bytes, *, resend: bool = True) -> bytes:
        """Send a batch made by `push_body`; the server's answer, unread (reading it is
        left to `read_push_answer`, so that a sync can do it off its sending thread).
        With `resend=False` a dropped connection raises `Dropped` at once: the server
        may have stored the batch, and the caller asks it what it lacks (`known`)."""
        return self._call(
            "POST", "/api/v1/sync/push", data=body, raw=True, dropped=not resend,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )  # fmt: skip

    def known(self, revisions: list[str]) -> list[Outcome]:
        """The server's answers to those of these revisions it has answered already."""
        answer = self._call("POST", "/api/v1/sync/known", json={"revisions": revisions}, raw=True)
        return read_push_answer(answer).outcomes

    def changes(
        self, since: int, limit: int = PAGE, skip: list[tuple[int, int]] = ()
    ) -> ChangesPage:
        params: dict[str, Any] = {"since": since, "limit": limit}
        if skip:
            params["skip"] = skipped_text(skip)
        return _parse(ChangesPage, self._call("GET", "/api/v1/sync/changes", params=params))

    def forms(self) -> list[dict[str, Any]]:
        """The forms the county has published: [{form_id, version, title, published_at}]."""
        return self._call("GET", "/api/v1/forms")

    def rounds(self) -> list[dict[str, Any]]:
        return self._call("GET", "/api/v1/rounds")

    def form_definition(self, form_id: str, version: str) -> str:
        return self._call("GET", f"/api/v1/forms/{form_id}/{version}")["definition"]

    def _call(
        self, method: str, path: str, *, raw: bool = False, dropped: bool = False, **kwargs: Any
    ) -> Any:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in range(self.retries + 1):
            try:
                response = self.session.request(
                    method,
                    self.url + path,
                    headers=headers,
                    timeout=self.timeout,
                    verify=self.verify,
                    **kwargs,
                )
            except requests.exceptions.SSLError as err:
                raise SyncError("sync.tls", server=self.url, detail=str(err)) from None
            except requests.RequestException as err:
                # Dropped connections are what an unstable county link does; the same
                # request again is safe (see the module's docstring). A server that is
                # not there at all is said at once: the monitor tries again later.
                if attempt == self.retries or (_not_there(err) and attempt >= 1):
                    raise SyncError("sync.offline", server=self.url) from None
                if dropped:
                    raise Dropped from None
                time.sleep(self.backoff * 2**attempt)
                continue
            if response.status_code >= 500 and attempt < self.retries:
                time.sleep(self.backoff * 2**attempt)
                continue
            if raw and response.ok:
                return response.content
            return self._answer(response)
        raise SyncError("sync.offline", server=self.url)

    def _answer(self, response: requests.Response) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.ok and body is not None:
            return body
        detail = body.get("detail") if isinstance(body, dict) else None
        code = detail.get("code") if isinstance(detail, dict) else None
        if code == "sync.checkpoint_unknown":
            raise CheckpointUnknown(code)
        if response.status_code == 401:
            raise SyncError("sync.login_needed", detail=_said(detail))
        raise SyncError("sync.refused", status=response.status_code, detail=_said(detail))


def _key(revision: WireRevision) -> tuple[int, str]:
    return (int(revision.revision.split("-")[0]), revision.revision)


def _not_there(err: requests.RequestException) -> bool:
    reason = getattr(err.args[0], "reason", None) if err.args else None
    return isinstance(reason, NewConnectionError)


def _said(detail: Any) -> str:
    if isinstance(detail, dict):
        return detail.get("message", "")
    return str(detail or "")


def _parse(model, answer: Any):
    """The server's answer as `model`: parsed JSON, or raw bytes still to parse."""
    try:
        if isinstance(answer, bytes):
            return model.model_validate_json(answer)
        return model.model_validate(answer)
    except ValidationError as err:
        raise SyncError("sync.bad_answer", detail=str(err.errors()[0])) from None


def push_body(revisions: list[WireRevision]) -> bytes:
    """A push batch as it goes on the wire: JSON, gzip'd (fast level: a loopback or LAN
    link is quicker than stronger compression)."""
    return gzip.compress(PushBatch(revisions=revisions).model_dump_json().encode(), 1)


def read_push_answer(raw: bytes) -> PushAnswer:
    return _parse(PushAnswer, raw)


Cancelled = Callable[[], bool]


class Syncer:
    """One sync of a store with the server: push, pull, and push again what the pull
    found changed on both sides (the server merges it)."""

    def __init__(self, store: Store, connection: Connection, batch: int = BATCH):
        self.store = store
        self.connection = connection
        self.batch = batch

    def run(
        self,
        progress: Callable[[Progress], None] | None = None,
        cancelled: Cancelled | None = None,
    ) -> Report:
        started = time.monotonic()
        report = Report()
        tell = progress or (lambda _: None)
        stop = cancelled or (lambda: False)
        self.push(report, tell, stop)
        again = self.pull(report, tell, stop)
        if again:
            self.push(report, tell, stop)
            self.pull(report, tell, stop)
        rounds = self.connection.rounds()
        replica.finish_sync(
            self.store, next((r for r in rounds if r.get("closed_at") is None), None)
        )
        report.seconds = time.monotonic() - started
        return report

    def push(self, report: Report, tell, stop: Cancelled) -> None:
        total = replica.unsent_count(self.store)
        done = 0

        # A pipeline: while the server works on one batch, a worker reads and writes the
        # answers to the last and reads and encodes the next; this thread only sends.
        # Safe in any order: a batch whose answers were not written yet is sent again
        # after a crash, and answered the same.
        def prepared(after: tuple[int, str]) -> tuple[list[WireRevision], bytes]:
            chunk = replica.unsent(self.store, after, self.batch)
            return chunk, push_body(chunk) if chunk else b""

        def applied(known: list[Outcome], raw: bytes | None) -> replica.Applied:
            outcomes = known + (read_push_answer(raw).outcomes if raw else [])
            return replica.apply_outcomes(self.store, outcomes)

        with ThreadPoolExecutor(max_workers=1) as worker:
            chunk, body = prepared((0, ""))
            applying = None
            while chunk:
                if stop():
                    raise SyncError("sync.cancelled")
                following = worker.submit(prepared, _key(chunk[-1]))
                known, raw = self._send(chunk, body)
                if applying is not None:
                    report.add(applying.result())
                applying = worker.submit(applied, known, raw)
                done += len(chunk)
                tell(Progress("push", done, max(total, done)))
                chunk, body = following.result()
            if applying is not None:
                report.add(applying.result())

    def _send(self, chunk: list[WireRevision], body: bytes) -> tuple[list[Outcome], bytes | None]:
        """Push one batch: (answers the server had already, its answer to the rest).

        After a dropped connection the server may hold the batch, or part of it: it is
        asked which revisions it has answered (as CouchDB's `_revs_diff`), and only the
        rest is sent again (a batch in flight is hundreds of revisions)."""
        known: list[Outcome] = []
        connection = self.connection
        for attempt in range(connection.retries + 1):
            try:
                return known, connection.push_body(body, resend=False)
            except Dropped:
                time.sleep(connection.backoff * 2**attempt)
            have = connection.known([r.revision for r in chunk])
            answered = {o.revision for o in have}
            known += have
            chunk = [r for r in chunk if r.revision not in answered]
            if not chunk:
                return known, None
            body = push_body(chunk)
        raise SyncError("sync.offline", server=connection.url)

    def pull(self, report: Report, tell, stop: Cancelled) -> bool:
        """Pull every change since the checkpoint; True if some record needs a push."""
        server_id, since = replica.checkpoint(self.store)
        repush = False
        while True:
            if stop():
                raise SyncError("sync.cancelled")
            try:
                page = self.connection.changes(since, skip=replica.own_changes(self.store))
            except CheckpointUnknown:
                replica.reset_checkpoint(self.store)
                server_id, since = "", 0
                continue
            if server_id and page.server_id != server_id:
                # Another server (or one rebuilt): start again from its beginning.
                replica.reset_checkpoint(self.store)
                server_id, since = page.server_id, 0
                continue
            self._fetch_forms(page)
            applied = replica.apply_changes(self.store, page)
            report.pulled += applied.pulled
            repush |= bool(applied.repush)
            server_id, since = page.server_id, page.checkpoint
            tell(Progress("pull", report.pulled, None))
            if not page.more:
                return repush

    def _fetch_forms(self, page: ChangesPage) -> None:
        for form_id, version in {(c.form_id, c.form_version) for c in page.changes}:
            if self.store.kept_form(form_id, version) is None:
                definition = self.connection.form_definition(form_id, version)
                self.store.keep_form(form_from_definition(definition))
