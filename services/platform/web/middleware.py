"""Pure-ASGI middleware: request id, access log and metrics; the path and query text rule."""

from __future__ import annotations

import time
import uuid

import structlog
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.platform.inputs import UNSTORABLE_MESSAGE
from services.platform.web.errors import error_response

log = structlog.get_logger("o2o.access")

REQUESTS = Counter("o2o_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "o2o_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


def route_template(scope: Scope) -> str:
    """The matched route's full template (``/mp/v1/products/{product_id}``) for metric labels.

    Nested routers leave only the innermost, prefix-less template in the scope,
    so the prefix is recovered from the concrete path.
    """
    template = getattr(scope.get("route"), "path", None)
    if not template:
        return "unmatched"
    rendered = template
    for name, value in (scope.get("path_params") or {}).items():
        rendered = rendered.replace("{" + name + "}", str(value)).replace(
            "{" + name + ":path}", str(value)
        )
    path: str = scope["path"]
    if path.endswith(rendered):
        return path[: len(path) - len(rendered)] + template
    return template


class RequestContextMiddleware:
    """Binds a request id to the log context, echoes it, and records metrics."""

    def __init__(self, app: ASGIApp, *, access_log: bool = True) -> None:
        self.app = app
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode("latin-1")),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            path = route_template(scope)
            REQUESTS.labels(scope["method"], path, str(status)).inc()
            LATENCY.labels(scope["method"], path).observe(elapsed)
            if self.access_log:
                log.info(
                    "request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    ms=round(elapsed * 1000, 2),
                )


class StorableInputMiddleware:
    """Refuses a path or query string holding a NUL (``%00``), which PostgreSQL cannot store.

    Here rather than per parameter so every route, present and future, gets the rule; request
    bodies get it from ``services.platform.inputs.InputModel``. The server decodes bad UTF-8
    in paths and queries to U+FFFD, so a lone surrogate cannot arrive this way.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            "\x00" in scope["path"]
            or b"%00" in scope["query_string"]
            or b"\x00" in scope["query_string"]
        ):
            where = "path" if "\x00" in scope["path"] else "query"
            response = error_response(
                422,
                "invalid_input",
                "the request is not valid",
                [{"loc": [where], "msg": UNSTORABLE_MESSAGE, "type": "unstorable_text"}],
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
