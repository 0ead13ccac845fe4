"""Township and county review: approve, return or accept one record or many."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from collector.server.repository import ServerError
from collector.server.routes.common import IDENTIFIER, PLAIN_TEXT, Caller, Identifier, StoreDep

router = APIRouter()


class Review(BaseModel):
    action: Literal["approve", "return", "accept"]
    reason: str = Field(default="", max_length=500, pattern=PLAIN_TEXT)


class BatchReview(Review):
    ids: list[Identifier] = Field(min_length=1, max_length=500)


@router.post("/records/{record_id}/review")
def review(
    record_id: Annotated[str, Path(pattern=IDENTIFIER)],
    body: Review,
    caller: Caller,
    store: StoreDep,
) -> dict:
    return store.review(caller, record_id, body.action, body.reason)


@router.post("/review")
def review_many(body: BatchReview, caller: Caller, store: StoreDep) -> list[dict]:
    results = []
    for record_id in body.ids:
        try:
            results.append(store.review(caller, record_id, body.action, body.reason))
        except ServerError as err:
            results.append({"id": record_id, "error": err.code, "status_code": err.status})
    return results
