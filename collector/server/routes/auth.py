"""Logging in: an account's name and password for a bearer token."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from collector.server.routes.common import PLAIN_TEXT, StoreDep

router = APIRouter()


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=100, pattern=PLAIN_TEXT)
    password: str = Field(min_length=1, max_length=200, pattern=PLAIN_TEXT)


@router.post("/token")
def token(login: Login, request: Request, store: StoreDep) -> dict:
    # The client's address (behind nginx on this machine, from X-Forwarded-For): tries
    # are counted per address as well as per name.
    address = request.client.host if request.client else ""
    value, expires, who = store.login(login.username, login.password, address)
    return {
        "access_token": value,
        "token_type": "bearer",
        "expires_at": expires,
        "role": who.role.value,
        "division": who.division,
    }
