"""Reading: the forms, the county's divisions, records in the caller's scope, and their
counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from collector.server.repository import ServerError
from collector.server.routes.common import IDENTIFIER, MAX_OFFSET, Caller, StoreDep
from collector.workflow import Status

router = APIRouter()


def _utc_text(moment: datetime | None) -> str | None:
    """A time as the server stores times: ISO-8601 in UTC (naive times are taken as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@router.get("/forms")
def forms(caller: Caller, store: StoreDep) -> list[dict]:
    return store.forms()


@router.get("/forms/{form_id}/{version}")
def form(
    form_id: Annotated[str, Path(pattern=IDENTIFIER)],
    version: Annotated[str, Path(pattern=IDENTIFIER)],
    caller: Caller,
    store: StoreDep,
) -> dict:
    definition = store.form_definition(form_id, version)
    if definition is None:
        raise ServerError(404, "server.no_such_form", form=form_id, version=version)
    return {"form_id": form_id, "version": version, "definition": definition}


@router.get("/divisions")
def divisions(
    caller: Caller,
    store: StoreDep,
    parent: Annotated[str | None, Query(pattern=r"^\d{2,12}$")] = None,
) -> list[dict]:
    return store.divisions(parent)


@router.get("/records")
def records(
    caller: Caller,
    store: StoreDep,
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


@router.get("/records/{record_id}")
def record(
    record_id: Annotated[str, Path(pattern=IDENTIFIER)], caller: Caller, store: StoreDep
) -> dict:
    found = store.record(caller, record_id)
    if found is None:
        raise ServerError(404, "server.no_such_record", record_id=record_id)
    return found


@router.get("/stats")
def stats(
    caller: Caller,
    store: StoreDep,
    by: Literal["village", "township"] = "village",
    round: Annotated[int | None, Query(ge=1, le=MAX_OFFSET)] = None,
) -> JSONResponse:
    return JSONResponse(store.stats(caller, by, round))
