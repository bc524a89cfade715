"""What the shopper's list showed, written off the request path in batches.

The event-loop route appends the rows to its worker's queue (no I/O); the worker's
flusher writes what has piled up every ``every`` seconds in one statement (``SHOWN``).
What can be lost: up to ``every`` seconds of showings if the worker dies (measurements for
the wall, not money). Sync answers (order, member 360, pickup notice) write theirs in
their own transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from datetime import datetime
from typing import NamedTuple

import asyncpg
import structlog

from services.platform import adb, background
from services.platform.settings import Settings

log = structlog.get_logger(__name__)

#: Many showings, once per member, product, touchpoint and day.
SHOWN_MANY = """
INSERT INTO recommendations.impressions
    (member_id, product_id, touchpoint, shown_on, shown_at, store_id)
SELECT m, p, t, a::date, a, s
FROM unnest(CAST(%(members)s AS bigint[]), CAST(%(products)s AS integer[]),
            CAST(%(touchpoints)s AS text[]), CAST(%(ats)s AS timestamptz[]),
            CAST(%(stores)s AS integer[])) AS x(m, p, t, a, s)
ON CONFLICT DO NOTHING
"""


class Showing(NamedTuple):
    member_id: int
    product_id: int
    touchpoint: str
    at: datetime
    store_id: int | None


class ShownQueue:
    def __init__(self, *, limit: int = 100_000) -> None:
        self._rows: deque[Showing] = deque(maxlen=limit)

    def add(self, rows: list[Showing]) -> None:
        self._rows.extend(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def take(self, batch: int) -> list[Showing]:
        taken: list[Showing] = []
        with contextlib.suppress(IndexError):
            while len(taken) < batch:
                taken.append(self._rows.popleft())
        return taken

    async def flush(self, pool: adb.Pool, settings: Settings, *, batch: int = 5000) -> int:
        """Write everything queued now; returns how many rows were sent."""
        sent = 0
        while rows := self.take(batch):
            try:
                async with adb.connection(pool, settings) as connection:
                    await adb.execute(
                        connection,
                        SHOWN_MANY,
                        {
                            "members": [r.member_id for r in rows],
                            "products": [r.product_id for r in rows],
                            "touchpoints": [r.touchpoint for r in rows],
                            "ats": [r.at for r in rows],
                            "stores": [r.store_id for r in rows],
                        },
                    )
            except (OSError, TimeoutError, asyncpg.PostgresError) as error:
                log.warning("recommendations_shown_lost", rows=len(rows), error=str(error))
                return sent
            sent += len(rows)
        return sent

    async def run(
        self, pool: adb.Pool, settings: Settings, *, every: float, stop: asyncio.Event
    ) -> None:
        """Flush every ``every`` seconds until ``stop`` is set, then once more."""
        await background.every(every, stop, lambda: self.flush(pool, settings))
