"""Bounds on what a request may bring, applied before any route sees it, and on what a
failure may let out into the log.

A body is limited by the bytes actually read, not by what `Content-Length` claims: a
chunked body declares no length, and a gzip body may unpack to any size. The middleware
reads at most the limit, unpacks gzip at most to the limit of its path, and answers 413
for anything larger; the route then gets the body as plain bytes from memory.
"""

from __future__ import annotations

import logging
import zlib

from collector.server.repository import ServerError

MAX_BODY_BYTES = 1024 * 1024
"""Bytes a request may send (a push batch travels gzip-packed, a few hundred kB)."""
MAX_PUSH_BYTES = 64 * 1024 * 1024
"""A push batch unpacked: a few hundred records of a few kB each, with room to spare."""
UNPACKED_LIMITS = {"/api/v1/sync/push": MAX_PUSH_BYTES}
"""Bytes a gzip body may unpack to, by path; elsewhere MAX_BODY_BYTES."""


log = logging.getLogger(__name__)


class _TooLarge(Exception):
    def __init__(self, limit: int):
        self.limit = limit


def gunzip(body: bytes, limit: int) -> bytes:
    """`body` unpacked, refused once it would pass `limit` bytes (a small gzip body must
    not unpack into gigabytes)."""
    unpacker = zlib.decompressobj(wbits=31)
    try:
        data = unpacker.decompress(body, limit)
        if unpacker.unconsumed_tail:
            raise _TooLarge(limit)
        data += unpacker.flush()
    except zlib.error:
        raise ServerError(400, "sync.bad_gzip") from None
    if not unpacker.eof:
        raise ServerError(400, "sync.bad_gzip")
    return data


async def _read_body(receive, limit: int) -> bytes | None:
    """The whole body, or None if the client went away; stops reading past `limit`."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class _HttpMiddleware:
    """Plain ASGI middleware for HTTP requests (Starlette's BaseHTTPMiddleware would pass
    every request body through a stream of its own, which costs a push batch more than
    the check); `refusal` makes the catalogued answer of a ServerError."""

    def __init__(self, app, refusal):
        self.app = app
        self.refusal = refusal

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            await self.handle(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def handle(self, scope, receive, send):
        raise NotImplementedError


class BodyLimit(_HttpMiddleware):
    async def handle(self, scope, receive, send):
        headers = dict(scope["headers"])
        try:
            declared = headers.get(b"content-length", b"")
            if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                raise _TooLarge(MAX_BODY_BYTES)
            body = await _read_body(receive, MAX_BODY_BYTES)
            if body is None:
                return
            if headers.get(b"content-encoding", b"").strip().lower() == b"gzip":
                body = gunzip(body, UNPACKED_LIMITS.get(scope["path"], MAX_BODY_BYTES))
                scope = dict(scope)
                scope["headers"] = [
                    (k, v) for k, v in scope["headers"] if k not in (b"content-encoding",)
                ]
        except _TooLarge as err:
            refused = ServerError(413, "server.too_large", limit=err.limit)
            await self.refusal(refused)(scope, receive, send)
            return
        except ServerError as err:
            await self.refusal(err)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive):
    """The body already read, then the client's own messages (a disconnect)."""
    sent = False

    async def replayed():
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


class Contained(_HttpMiddleware):
    """An unexpected error answers 500 and is logged by its kind and where it happened,
    never with its text or traceback: those may quote a record's values (a validation
    error names its input, a database error its row). Outermost but for Starlette's own
    error middleware, which would log the full traceback."""

    async def handle(self, scope, receive, send):
        started = False

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as err:  # every kind: none may reach the log whole
            where = err.__traceback__
            while where.tb_next is not None:
                where = where.tb_next
            frame = where.tb_frame.f_code
            log.error(
                "%s %s failed: %s at %s:%d (%s)", scope["method"], scope["path"],
                type(err).__name__, frame.co_filename.rsplit("/", 1)[-1], where.tb_lineno,
                frame.co_name,
            )  # fmt: skip
            if not started:
                await self.refusal(ServerError(500, "server.failed"))(scope, receive, send)
