"""Noting consider and buy moments for the journey, off the request path.

A route appends the moment to its worker's queue (``services.feedback.notes``); the
worker's flusher sends the queue to Redis in batches every ``FLUSH_EVERY_S``. The routes
that note stay public and keep their documented security: the shopper is read from the
bearer token only if one came and it verifies, by the flusher, never refusing the request
(a stale token on a product page still gets the product).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request

from services.feedback import journey
from services.feedback.notes import Noted as QueuedNote
from services.feedback.notes import NoteQueue
from services.platform import background
from services.platform.auth import verify_token
from services.platform.errors import DomainError
from services.platform.settings import get_settings

#: The mini-program's device id, sent by anonymous shoppers so a later login can claim
#: what they looked at (the same id the scans take).
DeviceId = Annotated[
    str | None,
    Header(alias="X-Device-Id", min_length=8, max_length=64, pattern=r"^[\w.-]+$"),
]


def _member_of(authorization: str | None) -> int | None:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        return verify_token(token, "shopper", get_settings()).subject
    except DomainError:
        return None


#: How often a worker sends its noted moments to Redis (one RPUSH per batch).
#: How long shutdown waits for the flusher's last flush.
STOP_GRACE_S = 5.0
FLUSH_EVERY_S = 0.2


@asynccontextmanager
async def flushing(app: FastAPI) -> AsyncIterator[None]:
    """The worker's note queue and its flusher, for the app's lifespan; what is still
    queued at shutdown is sent before the Redis client closes."""
    queue = NoteQueue()
    app.state.journey_notes = queue
    stop = asyncio.Event()
    task = asyncio.create_task(
        queue.run(app.state.redis, _member_of, every=FLUSH_EVERY_S, stop=stop)
    )
    try:
        yield
    finally:
        await background.stop_task(task, stop, grace=STOP_GRACE_S)  # its last flush included


class JourneyNote:
    """Notes one moment: a queue append, nothing else on the request (nothing when the
    setting switches it off, or in an app without the flusher)."""

    def __init__(self, request: Request, device_id: DeviceId = None) -> None:
        self._authorization = request.headers.get("authorization")
        self._queue: NoteQueue | None = getattr(request.app.state, "journey_notes", None)
        self._device_id = device_id

    def __call__(
        self,
        kind: str,
        *,
        at: datetime,
        member_id: int | None = None,
        product_id: int | None = None,
        store_id: int | None = None,
        ref: str | None = None,
    ) -> None:
        if self._queue is None or not get_settings().journey_views_recorded:
            return
        if kind not in journey.BUFFERED_KINDS:
            raise KeyError(kind)
        self._queue.add(
            QueuedNote(
                kind, member_id, self._authorization, self._device_id, at, product_id, store_id, ref
            )
        )


Noted = Annotated[JourneyNote, Depends()]
