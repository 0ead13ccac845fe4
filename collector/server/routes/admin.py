"""Running the county's survey: health, survey rounds and the audit log (rounds and the
log for county accounts only, each of its own county)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from collector import __version__
from collector.server.routes.common import (
    MAX_OFFSET,
    PLAIN_TEXT,
    Caller,
    StoreDep,
    county_only,
)

router = APIRouter()


class NewRound(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=PLAIN_TEXT)


@router.get("/health")
def health(request: Request) -> dict:
    return {"status": "ok", "version": __version__, "database": request.app.state.database}


@router.get("/rounds")
def rounds(caller: Caller, store: StoreDep) -> list[dict]:
    return store.rounds(caller)


@router.post("/rounds")
def open_round(body: NewRound, caller: Caller, store: StoreDep) -> dict:
    county_only(caller)
    return {"id": store.open_round(body.name, caller.name, caller.county), "name": body.name}


@router.post("/rounds/current/close")
def close_round(caller: Caller, store: StoreDep) -> dict:
    county_only(caller)
    store.close_round(caller.name, caller.county)
    return {"closed": True}


@router.get("/audit")
def audit(
    caller: Caller,
    store: StoreDep,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict]:
    county_only(caller)
    return store.audit(caller, offset, limit)
