"""The county server's HTTP API under /api/v1 (FastAPI; the OpenAPI document at /openapi.json).

Refusals carry a catalogued code and the message in Chinese and English:
`{"detail": {"code": ..., "message": ..., "message_en": ...}}`; a malformed request gets
FastAPI's 422 naming the field. Records out of the caller's scope answer 404, as records
that do not exist do.
"""

from __future__ import annotations

import os
import zlib
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Literal

import anyio.to_thread
from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError

from collector import __version__
from collector.messages import render
from collector.server.replication import CheckpointUnknown, Replication
from collector.server.repository import Account, ServerError, ServerStore
from collector.sync.protocol import (
    PAGE,
    SKIPPED,
    KnownAsk,
    PushAnswer,
    PushBatch,
    skipped_ranges,
)
from collector.workflow import Role, Status

MAX_BODY_BYTES = 1024 * 1024
MAX_PUSH_BYTES = 64 * 1024 * 1024
"""A push batch unpacked: a few hundred records of a few kB each, with room to spare."""
MAX_OFFSET = 10**9  # past any real list, and a database integer holds it: 422, never 500
bearer = HTTPBearer(auto_error=False)


# No control characters in any text a request carries: PostgreSQL refuses NUL in text,
# and none belongs in a name, a reason or an id.
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
IDENTIFIER = r"^[\w.\-]{1,100}$"
Identifier = Annotated[str, Field(pattern=IDENTIFIER)]


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=100, pattern=PLAIN_TEXT)
    password: str = Field(min_length=1, max_length=200, pattern=PLAIN_TEXT)


class Review(BaseModel):
    action: Literal["approve", "return", "accept"]
    reason: str = Field(default="", max_length=500, pattern=PLAIN_TEXT)


class NewRound(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=PLAIN_TEXT)


class BatchReview(Review):
    ids: list[Identifier] = Field(min_length=1, max_length=500)


def _utc_text(moment: datetime | None) -> str | None:
    """A time as the server stores times: ISO-8601 in UTC (naive times are taken as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _county_only(caller: Account) -> None:
    if caller.role not in (Role.COUNTY, Role.ADMIN):
        raise ServerError(403, "server.county_only")


def refusal(err: ServerError) -> JSONResponse:
    detail = {
        "code": err.code,
        "message": render(err.code, err.params, "zh"),
        "message_en": render(err.code, err.params, "en"),
    }
    return JSONResponse({"detail": detail}, status_code=err.status)


def _gunzip(body: bytes) -> bytes:
    # Bounded: a small gzip body must not unpack into gigabytes.
    unpacker = zlib.decompressobj(wbits=31)
    try:
        data = unpacker.decompress(body, MAX_PUSH_BYTES)
    except zlib.error:
        raise ServerError(400, "sync.bad_gzip") from None
    if unpacker.unconsumed_tail:
        raise ServerError(413, "server.too_large", limit=MAX_PUSH_BYTES)
    return data


class _BodyLimit:
    """Refuses a body declared larger than MAX_BODY_BYTES before reading it. Plain ASGI:
    Starlette's BaseHTTPMiddleware would pass every request body through a stream of its
    own, which costs a push batch more than the check."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            size = dict(scope["headers"]).get(b"content-length", b"")
            if size.isdigit() and int(size) > MAX_BODY_BYTES:
                response = refusal(ServerError(413, "server.too_large", limit=MAX_BODY_BYTES))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def current_account(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Account:
    store: ServerStore = request.app.state.store
    found = store.account_for_token(credentials.credentials) if credentials else None
    if found is None:
        raise ServerError(401, "server.not_logged_in")
    return found


# Module level: FastAPI resolves the annotations of the routes by name.
Caller = Annotated[Account, Depends(current_account)]


THREADS_PER_WORKER = 8
"""Requests a worker runs at once. Python runs one thread at a time: with FastAPI's
default of 40, fifty clients' requests share the interpreter in 5 ms slices and the slow
tail grows; a few threads and a queue serve them in turn, first come first served."""


@asynccontextmanager
async def _lifespan(app: FastAPI):
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS_PER_WORKER
    yield


def create_app(store: ServerStore, database: str = "sqlite") -> FastAPI:
    app = FastAPI(title="Collector county server", version=__version__, lifespan=_lifespan)
    app.state.store = store
    replication = Replication(store)

    @app.exception_handler(ServerError)
    async def _refused(request: Request, err: ServerError) -> JSONResponse:
        return refusal(err)

    app.add_middleware(_BodyLimit)

    @app.get("/api/v1/health")
    def health() -> dict:
        return {"status": "ok", "version": __version__, "database": database}

    @app.post("/api/v1/token")
    def token(login: Login) -> dict:
        value, expires, who = store.login(login.username, login.password)
        return {
            "access_token": value,
            "token_type": "bearer",
            "expires_at": expires,
            "role": who.role.value,
            "division": who.division,
        }

    @app.get("/api/v1/forms")
    def forms(caller: Caller) -> list[dict]:
        return store.forms()

    @app.get("/api/v1/forms/{form_id}/{version}")
    def form(
        form_id: Annotated[str, Path(pattern=IDENTIFIER)],
        version: Annotated[str, Path(pattern=IDENTIFIER)],
        caller: Caller,
    ) -> dict:
        definition = store.form_definition(form_id, version)
        if definition is None:
            raise ServerError(404, "server.no_such_form", form=form_id, version=version)
        return {"form_id": form_id, "version": version, "definition": definition}

    @app.get("/api/v1/divisions")
    def divisions(
        caller: Caller, parent: Annotated[str | None, Query(pattern=r"^\d{2,12}$")] = None
    ) -> list[dict]:
        return store.divisions(parent)

    @app.get("/api/v1/records")
    def records(
        caller: Caller,
        township: Annotated[str | None, Query(pattern=r"^\d{9}$")] = None,
        village: Annotated[str | None, Query(pattern=r"^\d{12}$")] = None,
        status: Status | None = None,
        form: Annotated[str | None, Query(pattern=IDENTIFIER)] = None,
        updated_since: datetime | None = None,
        round: Annotated[int | None, Query(ge=1, le=MAX_OFFSET)] = None,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> JSONResponse:
        store.check_filters(village=village, township=township, form=form)
        # Plain rows straight to JSON: validating 100 rows per page against a response
        # model would cost more than the query.
        return JSONResponse(
            store.records(
                caller,
                township=township,
                village=village,
                status=status.value if status else None,
                form_id=form,
                updated_since=_utc_text(updated_since),
                round_id=round,
                offset=offset,
                limit=limit,
            )
        )

    @app.get("/api/v1/records/{record_id}")
    def record(record_id: Annotated[str, Path(pattern=IDENTIFIER)], caller: Caller) -> dict:
        found = store.record(caller, record_id)
        if found is None:
            raise ServerError(404, "server.no_such_record", record_id=record_id)
        return found

    @app.post("/api/v1/records/{record_id}/review")
    def review(
        record_id: Annotated[str, Path(pattern=IDENTIFIER)], body: Review, caller: Caller
    ) -> dict:
        return store.review(caller, record_id, body.action, body.reason)

    @app.post("/api/v1/review")
    def review_many(body: BatchReview, caller: Caller) -> list[dict]:
        results = []
        for record_id in body.ids:
            try:
                results.append(store.review(caller, record_id, body.action, body.reason))
            except ServerError as err:
                results.append({"id": record_id, "error": err.code, "status_code": err.status})
        return results

    @app.post("/api/v1/sync/push")
    async def push(request: Request, caller: Caller) -> JSONResponse:
        body = await request.body()
        if request.headers.get("content-encoding") == "gzip":
            body = _gunzip(body)
        try:
            batch = PushBatch.model_validate_json(body)
        except ValidationError as err:
            # The same answer as any other malformed request: 422 naming the field.
            raise RequestValidationError(err.errors(include_url=False)) from None
        outcomes = await anyio.to_thread.run_sync(replication.push, caller, batch.revisions)
        # Serialised by pydantic in one call (a few hundred answers a batch), without the
        # empty fields an acceptance leaves (a third of the size; the laptop fills them in).
        return Response(
            PushAnswer(outcomes=outcomes).model_dump_json(exclude_defaults=True),
            media_type="application/json",
        )

    @app.post("/api/v1/sync/known")
    def known(body: KnownAsk, caller: Caller) -> Response:
        outcomes = replication.known(caller, body.revisions)
        return Response(
            PushAnswer(outcomes=outcomes).model_dump_json(exclude_defaults=True),
            media_type="application/json",
        )

    @app.get("/api/v1/sync/changes")
    def changes(
        caller: Caller,
        since: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = PAGE,
        skip: Annotated[str, Query(max_length=2200, pattern=SKIPPED)] = "",
    ) -> Response:
        try:
            page = replication.changes(caller, since, limit, skipped_ranges(skip))
        except CheckpointUnknown:
            raise ServerError(409, "sync.checkpoint_unknown") from None
        return Response(page.model_dump_json(), media_type="application/json")

    @app.get("/api/v1/sync/duplicates")
    def duplicates(caller: Caller) -> list[dict]:
        return replication.duplicates(caller)

    @app.get("/api/v1/stats")
    def stats(
        caller: Caller,
        by: Literal["village", "township"] = "village",
        round: Annotated[int | None, Query(ge=1, le=MAX_OFFSET)] = None,
    ) -> JSONResponse:
        return JSONResponse(store.stats(caller, by, round))

    @app.get("/api/v1/rounds")
    def rounds(caller: Caller) -> list[dict]:
        return store.rounds()

    @app.post("/api/v1/rounds")
    def open_round(body: NewRound, caller: Caller) -> dict:
        _county_only(caller)
        return {"id": store.open_round(body.name, caller.name), "name": body.name}

    @app.post("/api/v1/rounds/current/close")
    def close_round(caller: Caller) -> dict:
        _county_only(caller)
        store.close_round(caller.name)
        return {"closed": True}

    @app.get("/api/v1/audit")
    def audit(
        caller: Caller,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[dict]:
        _county_only(caller)
        return store.audit(offset, limit)

    return app


def app_from_environment() -> FastAPI:
    """The app for `uvicorn --factory` with several worker processes: each opens the
    database named by COLLECTOR_SERVER_DB itself."""
    from collector.server.db import prepare

    engine = prepare(os.environ["COLLECTOR_SERVER_DB"])
    return create_app(ServerStore(engine), engine.dialect.name)
