"""A worker's copy of each member's row for the shopper's list (``serving.MEMBER``).

The member's statement was the list's largest cost left (its round trip, asyncpg's
decoding, PostgreSQL's work on the same cores: ``bench/recommendations.py``), and a
shopper asks again and again while browsing. So each worker keeps the row it read for
``O2O_RECOMMENDATIONS_MEMBER_SECONDS`` (5, like a store's stock; 0: every answer reads it).

Promptness (the bound): what changes the row (an order paid, cancelled or refunded; a
retrain; the opt-out) shows in this worker's answers at most that long after it commits.
The opt-out is told to the copy of the process that stored it at once (``forget``), so
the shopper who turns personalization off sees it on their next answer from that process;
another process follows within the bound. A read that began before a ``forget`` is never
kept (it may predate the change).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, NamedTuple

#: Rows kept at most per worker; beyond it the oldest go first (a member then reads again).
LIMIT = 50_000


class _Kept(NamedTuple):
    until: float
    read: int  # picks asked for (``serving.read_for``): a longer list reads again
    row: dict[str, Any]


def serves(kept_until: float, kept_read: int, *, now: float, read: int) -> bool:
    """Whether a kept row answers now for a list that reads ``read`` picks."""
    return now < kept_until and kept_read >= read


class MemberCopies:
    def __init__(
        self, *, seconds: float, clock: Callable[[], float] = time.monotonic, limit: int = LIMIT
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self._limit = limit
        self._kept: dict[int, _Kept] = {}
        #: Bumped by ``forget`` (any thread): a read begun before it is not kept.
        self._generation = 0
        self._lock = threading.Lock()

    def generation(self) -> int:
        """Taken before a read; handed back to ``keep``."""
        return self._generation

    def get(self, member_id: int, *, read: int) -> dict[str, Any] | None:
        kept = self._kept.get(member_id)
        if kept is None or not serves(kept.until, kept.read, now=self.clock(), read=read):
            return None
        return kept.row

    def keep(self, member_id: int, row: dict[str, Any], *, read: int, generation: int) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            if generation != self._generation:
                return  # a change was told while this was read: it may be older
            self._kept.pop(member_id, None)  # re-inserted last: the oldest go first
            if len(self._kept) >= self._limit:
                del self._kept[next(iter(self._kept))]
            self._kept[member_id] = _Kept(self.clock() + self.seconds, read, row)

    def forget(self, member_id: int) -> None:
        """The member's row changed in this process (their opt-out): read it again."""
        with self._lock:
            self._generation += 1
            self._kept.pop(member_id, None)
