"""Sync with the laptops: push a batch of revisions, pull the change feed, and the
duplicates found among them (the messages are collector/wire.py)."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from collector.server.replication import CheckpointUnknown
from collector.server.repository import ServerError
from collector.server.routes.common import MAX_OFFSET, Caller, ReplicationDep
from collector.wire import PAGE, SKIPPED, KnownAsk, PushAnswer, PushBatch, skipped_ranges

router = APIRouter(prefix="/sync")


def _inlined(schema: dict) -> dict:
    """A pydantic JSON schema with its `$defs` put in place of their references, to stand
    alone inside the OpenAPI document."""
    defs = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)


# The push body is read by hand (parsed from bytes in one call, faster than FastAPI's
# parse-then-validate), so the document is told its shape: the fuzz covers it too.
PUSH_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _inlined(PushBatch.model_json_schema())}},
    }
}


@router.post("/push", openapi_extra=PUSH_BODY, responses={200: {"model": PushAnswer}})
async def push(request: Request, caller: Caller, replication: ReplicationDep) -> JSONResponse:
    try:
        # The body is read, bounded and unpacked by limits.BodyLimit.
        batch = PushBatch.model_validate_json(await request.body())
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


@router.post("/known")
def known(body: KnownAsk, caller: Caller, replication: ReplicationDep) -> Response:
    """Which of these revisions the server has answered, with the answers (asked by a
    laptop whose push was cut, before it sends the rest again)."""
    outcomes = replication.known(caller, body.revisions)
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
    skip: Annotated[str, Query(max_length=2200, pattern=SKIPPED)] = "",
) -> Response:
    try:
        page = replication.changes(caller, since, limit, skipped_ranges(skip))
    except CheckpointUnknown:
        raise ServerError(409, "sync.checkpoint_unknown") from None
    return Response(page.model_dump_json(), media_type="application/json")


@router.get("/duplicates")
def duplicates(caller: Caller, replication: ReplicationDep) -> list[dict]:
    return replication.duplicates(caller)
