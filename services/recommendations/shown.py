"""What the shopper's list showed, written off the request path in batches.

The event-loop route appends the rows to its worker's queue (no I/O); the worker's
flusher writes what has piled up every ``every`` seconds in one statement (``SHOWN``).
What can be lost: up to ``every`` seconds of showings if the worker dies (measurements for
the wall, not money). Sync answers (order, member 360, pickup notice) write theirs in
their own transaction.

The table keeps a showing once per member, product, touchpoint and day, so a repeat is a
no-op there; the queue drops it before it costs anything: it remembers what it wrote in
the current quarter hour (``quarter``) and sends each of those once. (Each repeat was an
index probe for nothing, ~8 µs of PostgreSQL a row, ten rows an answer:
``bench/recommendations.py``.) A failed write is not remembered, so what the next
showing brings is tried again.
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


#: A showing's identity within one quarter hour: (member, product, touchpoint, quarter).
Key = tuple[int, int, str, int]


def quarter(at: datetime) -> int:
    """The quarter hour ``at`` (aware, as every time here) falls in. Every time zone's
    offset is a whole number of quarter hours, so a quarter lies within one calendar day
    wherever the database counts days (``shown_on`` is the timestamp's date in the
    session's zone): two showings in one quarter are one row there."""
    return int(at.timestamp()) // 900


def key_of(row: Showing) -> Key:
    return (row.member_id, row.product_id, row.touchpoint, quarter(row.at))


class ShownQueue:
    def __init__(self, *, limit: int = 100_000, remembered: int = 200_000) -> None:
        self._rows: deque[Showing] = deque(maxlen=limit)
        #: What this worker wrote in the quarter ``_quarter`` (at most ``remembered``:
        #: beyond it the memory starts again, which costs repeats, never a showing).
        self._written: set[Key] = set()
        self._quarter = 0
        self._remembered = remembered

    def add(self, rows: list[Showing]) -> None:
        written = self._written
        self._rows.extend(r for r in rows if key_of(r) not in written)

    def _remember(self, rows: list[Showing]) -> None:
        for row in rows:
            key = key_of(row)
            if key[3] > self._quarter or len(self._written) >= self._remembered:
                self._written, self._quarter = set(), key[3]
            if key[3] == self._quarter:
                self._written.add(key)

    def __len__(self) -> int:
        return len(self._rows)

    def take(self, batch: int) -> list[Showing]:
        taken: list[Showing] = []
        with contextlib.suppress(IndexError):
            while len(taken) < batch:
                taken.append(self._rows.popleft())
        return taken

    async def flush(self, pool: adb.Pool, settings: Settings, *, batch: int = 5000) -> int:
        """Write everything queued now (each showing once); returns how many rows were sent."""
        sent = 0
        while taken := self.take(batch):
            rows = list({key_of(r): r for r in reversed(taken)}.values())  # the first kept
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
            self._remember(rows)
            sent += len(rows)
        return sent

    async def run(
        self, pool: adb.Pool, settings: Settings, *, every: float, stop: asyncio.Event
    ) -> None:
        """Flush every ``every`` seconds until ``stop`` is set, then once more."""
        await background.every(every, stop, lambda: self.flush(pool, settings))
