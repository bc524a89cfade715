"""Request body limits enforced while the body is read, before anything parses it.

A declared ``Content-Length`` over the limit is refused before one byte is read;
a chunked body is counted as it arrives and refused at the first chunk past the
limit, so a multi-gigabyte POST costs one chunk of memory, not the whole body.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.platform.web.errors import error_body


class _BodyTooLarge(Exception):
    """Raised into the app from ``receive``: stops whatever is reading the body."""


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    """413 ``payload_too_large`` for a body over ``limit`` (or a path's own, smaller one)."""

    def __init__(
        self, app: ASGIApp, *, limit: int, path_limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.path_limits = dict(path_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.path_limits.get(scope["path"], self.limit)
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return

        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                # Whatever the app made of the interrupted read (FastAPI answers 400 for a
                # body it could not parse) is replaced by the 413 below.
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _BodyTooLarge:
            pass
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _refuse(send, limit)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        error_body(
            "payload_too_large",
            f"the request body is larger than {limit} bytes",
            {"limit_bytes": limit},
        )
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            # The unread rest of the body stays on the connection: close it.
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
