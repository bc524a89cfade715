"""Every error the suite meets must be documented on its operation (and catalogued).

HTTP tests run the app with ``ErrorRecorder``; at the end of the run ``undocumented()``
compares each ``(operation, status, code)`` seen with the OpenAPI document, so a new code
raised anywhere fails the run until the operation declares it with ``@answers(...)``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.manifests import ERROR_CODES
from services.platform.web.answers import documented_codes
from services.platform.web.middleware import route_template

#: (method, route template, status, code) of every error answer the suite saw.
SEEN: set[tuple[str, str, int, str]] = set()
DOCUMENT: dict[str, Any] = {}


class ErrorRecorder:
    """Pure ASGI: reads error bodies on their way out, after routing filled in the scope."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0
        body = bytearray()

        async def recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and status >= 400:
                body.extend(message.get("body", b""))
                if not message.get("more_body"):
                    _record(scope, status, bytes(body))
            await send(message)

        await self.app(scope, receive, recording)


def _record(scope: Scope, status: int, body: bytes) -> None:
    try:
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return
    SEEN.add((scope["method"], route_template(scope), status, str(code)))


def undocumented() -> list[str]:
    """Problems found: codes answered but not documented, or not catalogued as sent."""
    problems = []
    paths = DOCUMENT.get("paths", {})
    for method, template, status, code in sorted(SEEN):
        if status == 500 or method.lower() not in paths.get(template, {}):
            continue  # a 500 is a bug reported by its own test; no such operation, no docs
        catalogued = ERROR_CODES.get(code)
        if catalogued is None or status not in (catalogued.status, *catalogued.also):
            problems.append(
                f"{code!r} answered with {status} is in no manifest's error codes"
                + (f" (catalogued as {catalogued.status})" if catalogued else "")
            )
        elif (status, code) not in documented_codes(DOCUMENT, template, method):
            problems.append(
                f"{method} {template} answered {status} {code!r}: declare it with "
                f'@answers("{code}") on the endpoint or the dependency that raises it'
            )
    return problems
