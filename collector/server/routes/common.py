"""What every route module shares: who is calling, the store and replication the app was
made with, and the bounds on what a request may carry."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field

from collector.server.replication import Replication
from collector.server.repository import Account, ServerError, ServerStore
from collector.workflow import Role

MAX_OFFSET = 10**9  # past any real list, and a database integer holds it: 422, never 500
bearer = HTTPBearer(auto_error=False)

# No control characters in any text a request carries: PostgreSQL refuses NUL in text,
# and none belongs in a name, a reason or an id.
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
IDENTIFIER = r"^[\w.\-]{1,100}$"
Identifier = Annotated[str, Field(pattern=IDENTIFIER)]


# Async, though they only read the app's state: FastAPI runs a plain function dependency
# in its thread pool, a hop per request that these need not pay.
async def server_store(request: Request) -> ServerStore:
    return request.app.state.store


async def replication(request: Request) -> Replication:
    return request.app.state.replication


StoreDep = Annotated[ServerStore, Depends(server_store)]
ReplicationDep = Annotated[Replication, Depends(replication)]


def current_account(
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Account:
    found = store.account_for_token(credentials.credentials) if credentials else None
    if found is None:
        raise ServerError(401, "server.not_logged_in")
    return found


# Module level: FastAPI resolves the annotations of the routes by name.
Caller = Annotated[Account, Depends(current_account)]


def county_only(caller: Account) -> None:
    if caller.role not in (Role.COUNTY, Role.ADMIN):
        raise ServerError(403, "server.county_only")
