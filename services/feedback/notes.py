"""Journey moments noted by this process's routes, handed to Redis in batches.

A route only appends to an in-memory queue (no I/O, no token check, no background task
holding the request open); the app's flusher, one per worker, takes what has piled up
every ``every`` seconds, names the shopper from the token (a stale one names nobody),
builds the entries and sends them to ``journey.BUFFER`` in one ``RPUSH`` per batch, from
where ``journey.drain`` writes them to the table.

What can be lost: up to ``every`` seconds of views if the worker dies, and the oldest
views past ``limit`` while Redis is down (measurements, not money).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

import redis

from services.feedback import journey
from services.platform import background

Who = Callable[[str | None], int | None]


class Noted(NamedTuple):
    kind: str
    member_id: int | None
    authorization: str | None
    device_id: str | None
    at: datetime
    product_id: int | None
    store_id: int | None
    ref: str | None


class NoteQueue:
    """Thread-safe (routes run on worker threads; ``deque`` appends and pops are atomic)."""

    def __init__(self, *, limit: int = 50_000) -> None:
        self._notes: deque[Noted] = deque(maxlen=limit)

    def add(self, note: Noted) -> None:
        self._notes.append(note)

    def __len__(self) -> int:
        return len(self._notes)

    def take(self, batch: int) -> list[Noted]:
        taken: list[Noted] = []
        with contextlib.suppress(IndexError):  # another taker emptied it first
            while len(taken) < batch:
                taken.append(self._notes.popleft())
        return taken

    async def flush(self, client: Any, who: Who, *, batch: int = 1000) -> int:
        """Send everything queued now; returns how many entries reached Redis."""
        sent = 0
        while notes := self.take(batch):
            entries = [
                entry
                for n in notes
                if (
                    entry := journey.buffered(
                        n.kind,
                        member_id=n.member_id if n.member_id is not None else who(n.authorization),
                        device_id=n.device_id,
                        at=n.at,
                        product_id=n.product_id,
                        store_id=n.store_id,
                        ref=n.ref,
                    )
                )
                is not None
            ]
            if not entries:
                continue
            try:
                await client.rpush(journey.BUFFER, *entries)
            except redis.RedisError:
                return sent  # this batch is lost; the next flush tries again
            sent += len(entries)
        return sent

    async def run(self, client: Any, who: Who, *, every: float, stop: asyncio.Event) -> None:
        """Flush every ``every`` seconds until ``stop`` is set, then once more."""
        await background.every(every, stop, lambda: self.flush(client, who))
