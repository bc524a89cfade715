"""``StaleOkUowDep``: a request's unit of work on the replica when a few seconds' lag is fine.

Routes opt in one by one (reads a manager or shopper accepts a few seconds late: the wall
and insights, experience figures, catalog browsing, campaign, suggestion and
recommendation reports); every read that decides stays on ``UowDep`` (the primary).
tests/api/test_replica_reads.py holds the list of routes allowed here and fails on a
route that opts in without being on it. The answer says where it was read
(``X-Read-From``). A principal's writes are remembered for
``O2O_READ_YOUR_WRITES_SECONDS`` by ``ReadYourWritesMiddleware`` (only installed when a
replica is configured), so their next reads come from the primary.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import anyio.to_thread
import jwt
from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.platform.replica import LagProbe, read_target, replica
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.deps import unit_of_work_on

WROTE = "o2o:wrote:"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def principal_key(authorization: str | None) -> str | None:
    """``role:subject`` of a bearer token, for routing reads only (never for access).

    The signature is not checked here: a forged token can at worst send its own reads to
    the primary; whether it may read at all is the route's principal dependency's call.
    """
    if not authorization or not authorization.lower().startswith("bearer "):
        return None
    try:
        claims: dict[str, Any] = jwt.decode(
            authorization[7:].strip(), options={"verify_signature": False}
        )
    except jwt.PyJWTError:
        return None
    role, subject = claims.get("role"), claims.get("sub")
    if not isinstance(role, str) or not isinstance(subject, str):
        return None
    return f"{role}:{subject}"[:100]


def _on_replica(sessions: sessionmaker[Session], probe: LagProbe) -> UnitOfWork | None:
    """A unit of work already connected to the replica, or None when it does not answer
    now: one stopped since the last measurement (up to a second old) would fail the read,
    which the primary can serve."""
    uow = UnitOfWork(sessions).__enter__()
    try:
        uow.session.connection()  # the pool's pre-ping: a live pooled connection, or a new one
    except Exception as exc:  # down or refusing: this read and the next go to the primary
        uow.__exit__(None, None, None)
        probe.unreachable(type(exc).__name__)
        return None
    return uow


async def stale_ok_unit_of_work(request: Request, response: Response) -> AsyncIterator[UnitOfWork]:
    settings = get_settings()
    opened: UnitOfWork | None = None
    if settings.database_replica_url:
        sessions, probe = replica(settings.database_replica_url)
        lag = probe.fresh()
        if lag is None:  # at most once a second per process
            lag = await anyio.to_thread.run_sync(probe.measure)
        key = principal_key(request.headers.get("authorization"))
        wrote = key is not None and bool(await request.app.state.redis.exists(WROTE + key))
        target = read_target(
            replica=True,
            lag_seconds=lag.seconds,
            max_lag=settings.replica_max_lag_seconds,
            wrote_recently=wrote,
        )
        if target == "replica":
            opened = await anyio.to_thread.run_sync(_on_replica, sessions, probe)
        response.headers["X-Read-From"] = "replica" if opened is not None else "primary"
    else:
        response.headers["X-Read-From"] = "primary"
    async for uow in unit_of_work_on(None, opened):
        yield uow


#: A unit of work for reads that may be a few seconds old (replica when it keeps up).
StaleOkUowDep = Annotated[UnitOfWork, Depends(stale_ok_unit_of_work)]


class ReadYourWritesMiddleware:
    """Remembers, before the answer leaves, that a principal has just written."""

    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.milliseconds = max(1, int(seconds * 1000))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _SAFE:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = principal_key(headers.get(b"authorization", b"").decode("latin-1") or None)
        if key is None:
            await self.app(scope, receive, send)
            return

        async def remember_then_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                # Before the answer: a read sent right after it already sees the mark.
                redis = scope["app"].state.redis
                await redis.set(WROTE + key, "1", px=self.milliseconds)
            await send(message)

        await self.app(scope, receive, remember_then_send)
