"""Sync with the laptops: push a batch of revisions, pull the change feed, and the
duplicates found among them (the messages are collector/wire.py)."""

from __future__ import annotations

import zlib
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from collector.server.replication import CheckpointUnknown
from collector.server.repository import ServerError
from collector.server.routes.common import MAX_OFFSET, Caller, ReplicationDep
from collector.wire import PAGE, PushAnswer, PushBatch

MAX_PUSH_BYTES = 64 * 1024 * 1024
"""A push batch unpacked: a few hundred records of a few kB each, with room to spare."""

router = APIRouter(prefix="/sync")


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


@router.post("/push")
async def push(request: Request, caller: Caller, replication: ReplicationDep) -> JSONResponse:
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


@router.get("/changes")
def changes(
    caller: Caller,
    replication: ReplicationDep,
    since: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = PAGE,
) -> Response:
    try:
        page = replication.changes(caller, since, limit)
    except CheckpointUnknown:
        raise ServerError(409, "sync.checkpoint_unknown") from None
    return Response(page.model_dump_json(), media_type="application/json")


@router.get("/duplicates")
def duplicates(caller: Caller, replication: ReplicationDep) -> list[dict]:
    return replication.duplicates(caller)
