"""The slot search's answers, kept per worker for as long as their calendars stand.

Searches repeat: every shopper looking at a store asks for the same service and the
same fortnight. An answer is kept with the version of the calendars it was read from
(``calendars.VERSION_SQL``: counters the ``stores.calendar_changed`` trigger bumps in
every writer's own transaction). A search asks the database for the version now, one
small statement, and answers from the kept copy only if it has not moved; so a booking,
a cancellation or an hours change committed before the search is always seen, whichever
worker or path wrote it. What moves with the clock alone, the minimum notice and the
booking window, is cut on every read by the engine's own ``within_notice``: the kept
answer is ``free_slots``, which does not depend on the time of asking.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, datetime

from stores.appointments.slots import StoreCalendar, within_notice

#: (store, service, first day, last day, guide or None for any guide).
Key = tuple[int, int, date, date, int | None]
#: Answers kept per worker: a fortnight of 20 guides is about 400 slots, 60-90 kB kept.
SIZE = 128


class Answer:
    """One search's free slots as JSON items, with what decides whether it still holds."""

    __slots__ = ("_last", "guide_ids", "items", "starts", "store", "version")

    def __init__(
        self,
        *,
        version: int,
        guide_ids: Sequence[int],
        store: StoreCalendar,
        starts: Sequence[datetime],
        items: Sequence[str],
    ) -> None:
        self.version = version
        self.guide_ids = tuple(guide_ids)  # the guides the version covers
        self.store = store  # its minimum notice and booking window
        self.starts = tuple(starts)
        self.items = tuple(items)
        self._last: tuple[list[int], bytes] = ([], b"")

    def body(self, now: datetime) -> bytes:
        """The answer at ``now`` (the notice cut applied) as a JSON array."""
        kept = within_notice(self.starts, store=self.store, now=now)
        last_kept, last_body = self._last
        if kept == last_kept and last_body:
            return last_body  # the cut is the same as last time: most reads
        body = f"[{','.join([self.items[i] for i in kept])}]".encode()
        self._last = (kept, body)
        return body


class Answers:
    """At most ``size`` answers; the least recently used goes first.

    Used on one event loop only (each worker has its own), so no lock is needed.
    """

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._kept: OrderedDict[Key, Answer] = OrderedDict()

    def get(self, key: Key) -> Answer | None:
        answer = self._kept.get(key)
        if answer is not None:
            self._kept.move_to_end(key)
        return answer

    def put(self, key: Key, answer: Answer) -> None:
        self._kept[key] = answer
        self._kept.move_to_end(key)
        while len(self._kept) > self._size:
            self._kept.popitem(last=False)

    def clear(self) -> None:
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


#: This worker's answers.
ANSWERS = Answers()
