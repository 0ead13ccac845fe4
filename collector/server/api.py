"""The county server's HTTP API under /api/v1 (FastAPI; the OpenAPI document at /openapi.json),
assembled from the routers of collector/server/routes/, one per concern.

Refusals carry a catalogued code and the message in Chinese and English:
`{"detail": {"code": ..., "message": ..., "message_en": ...}}`; a malformed request gets
FastAPI's 422 naming the field. Records out of the caller's scope answer 404, as records
that do not exist do.
"""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from collector import __version__
from collector.messages import render
from collector.server.limits import BodyLimit, Contained
from collector.server.replication import Replication
from collector.server.repository import ServerError, ServerStore
from collector.server.routes import admin, auth, records, review, sync


def refusal(err: ServerError) -> JSONResponse:
    detail = {
        "code": err.code,
        "message": render(err.code, err.params, "zh"),
        "message_en": render(err.code, err.params, "en"),
    }
    return JSONResponse({"detail": detail}, status_code=err.status)


def _malformed(err: RequestValidationError) -> Response:
    """FastAPI's 422 naming the field, without echoing the input back, and with every
    non-ASCII character escaped: a lone surrogate ("\\ud800"), which no UTF-8 can encode,
    made FastAPI's own answer fail with 500."""
    errors = [{k: v for k, v in e.items() if k != "input"} for e in err.errors()]
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


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
    app.state.replication = Replication(store)
    app.state.database = database

    @app.exception_handler(ServerError)
    async def _refused(request: Request, err: ServerError) -> JSONResponse:
        return refusal(err)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> Response:
        return _malformed(err)

    app.add_middleware(BodyLimit, refusal=refusal)
    app.add_middleware(Contained, refusal=refusal)
    api = APIRouter(prefix="/api/v1")
    for concern in (admin, auth, records, review, sync):
        api.include_router(concern.router)
    app.include_router(api)
    return app


def app_from_environment() -> FastAPI:
    """The app for `uvicorn --factory` with several worker processes: each opens the
    database named by COLLECTOR_SERVER_DB itself."""
    from collector.server.db import prepare

    engine = prepare(os.environ["COLLECTOR_SERVER_DB"])
    return create_app(ServerStore(engine), engine.dialect.name)
