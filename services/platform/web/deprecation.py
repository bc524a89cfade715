"""Deprecating an operation: ``Deprecation`` and ``Sunset`` headers, and ``deprecated`` in OpenAPI.

``@deprecated(since=..., sunset=..., successor=...)`` under the route decorator marks the
endpoint; ``DeprecationMiddleware`` adds the headers to every answer of a marked endpoint
(raw ``Response`` answers and errors included, which a FastAPI ``Response`` parameter would
miss); ``document_deprecations`` marks the operation ``deprecated`` with its dates. Headers
follow RFC 9745 (``Deprecation: @<unix seconds>``) and RFC 8594 (``Sunset: <HTTP date>``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.routing import RouteContext, iter_route_contexts
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

F = TypeVar("F", bound=Callable[..., Any])
_ATTRIBUTE = "__deprecation__"


@dataclass(frozen=True)
class Deprecation:
    since: date
    sunset: date
    successor: str | None = None

    def headers(self) -> dict[str, str]:
        """The response headers announcing this deprecation."""
        since = datetime(self.since.year, self.since.month, self.since.day, tzinfo=UTC)
        sunset = datetime(self.sunset.year, self.sunset.month, self.sunset.day, tzinfo=UTC)
        headers = {
            "Deprecation": f"@{int(since.timestamp())}",
            "Sunset": format_datetime(sunset, usegmt=True),
        }
        if self.successor:
            headers["Link"] = f'<{self.successor}>; rel="successor-version"'
        return headers


def deprecated(*, since: date, sunset: date, successor: str | None = None) -> Callable[[F], F]:
    """Mark an endpoint deprecated from ``since``; it keeps working until ``sunset``."""
    if sunset <= since:
        raise ValueError("the sunset date must come after the deprecation date")
    marking = Deprecation(since=since, sunset=sunset, successor=successor)

    def mark(endpoint: F) -> F:
        setattr(endpoint, _ATTRIBUTE, marking)
        return endpoint

    return mark


def deprecation_of(endpoint: Any) -> Deprecation | None:
    found = getattr(endpoint, _ATTRIBUTE, None)
    return found if isinstance(found, Deprecation) else None


class DeprecationMiddleware:
    """Adds the deprecation headers once routing has matched a marked endpoint."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                # The router has written the matched endpoint into this same scope by now.
                marking = deprecation_of(scope.get("endpoint"))
                if marking is not None:
                    headers = MutableHeaders(scope=message)
                    for name, value in marking.headers().items():
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_marked)


def install_deprecations(app: FastAPI) -> None:
    """Add the header middleware once the routes are in, only if some endpoint is deprecated
    (so the hot paths pay nothing for it until then)."""
    if any(deprecation_of(route.endpoint) for route in iter_route_contexts(app.routes)):
        app.add_middleware(DeprecationMiddleware)


def document_deprecations(document: dict[str, Any], routes: Sequence[RouteContext]) -> None:
    """Mark deprecated operations in ``document`` with their dates (an OpenAPI finisher)."""
    for route in routes:
        marking = deprecation_of(route.endpoint)
        if marking is None:
            continue
        for method in route.methods or ():
            operation = document.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            operation["deprecated"] = True
            note = f"**Deprecated** since {marking.since}; removed after {marking.sunset}."
            if marking.successor:
                note += f" Use `{marking.successor}` instead."
            operation["description"] = f"{note}\n\n{operation.get('description', '')}".strip()
            operation["x-sunset"] = marking.sunset.isoformat()
