"""Bookable appointment start times (pure: no database, no clock).

A start is bookable for a guide when the appointment lies inside the guide's working
time and the store's opening time, the appointment widened by its service's buffers
(the guide's set-up and tidy-up) lies inside the guide's working time and overlaps no
other live appointment or hold (each stored with its own buffers), and the start is
after the minimum notice and inside the booking window.

Hours are wall-clock times in the store's timezone; everything else is UTC. A day's
windows are turned into UTC instants with that day's offset, so a store that changes its
clocks keeps its wall-clock hours, and durations are real elapsed time. Candidate
starts sit on a wall-clock grid (10:00, 10:30, ...) from local midnight: a wall time
that does not exist (the spring gap) is skipped, one that happens twice (the autumn
overlap) is offered twice.

How it stays fast (a store's fortnight for 20 guides in a few milliseconds): instants
are whole epoch seconds; each guide's working time is a short sorted list of spans and
every candidate start is checked against it, the store's hours and the guide's
bookings at once with numpy binary searches (no per-minute or per-candidate Python);
the wall-clock grid and a day's windows depend only on (date, hours, timezone) and are
memoised, which is still pure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import compress
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

DAY = timedelta(days=1)
_NEVER = datetime.min.replace(tzinfo=UTC)

Ints = npt.NDArray[np.int64]
#: Half-open ``[start, end)`` intervals in epoch seconds, sorted and disjoint once merged.
Pairs = list[tuple[int, int]]


@dataclass(frozen=True, order=True)
class Span:
    """A half-open UTC interval ``[start, end)``."""

    start: datetime
    end: datetime

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class LocalHours:
    """One window of wall-clock time on a day (closes after opens)."""

    opens: time
    closes: time


@dataclass(frozen=True)
class ServiceRule:
    """What a bookable service asks of a guide's time."""

    duration: timedelta
    interval: timedelta
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)


def occupied(start: datetime, *, rule: ServiceRule) -> Span:
    """The guide's time an appointment starting at ``start`` takes, buffers included."""
    return Span(start - rule.buffer_before, start + rule.duration + rule.buffer_after)


@dataclass(frozen=True)
class Busy:
    """A live appointment or hold: when it starts (for day counts) and what it blocks."""

    starts_at: datetime
    blocked: Span


@dataclass(frozen=True)
class BusyTimes:
    """Many live appointments and holds at once, as epoch seconds (what a loader reads
    in bulk: no datetime per row); the three columns are parallel."""

    starts: Sequence[int]
    blocked_from: Sequence[int]
    blocked_until: Sequence[int]


@dataclass(frozen=True)
class StoreCalendar:
    """The store's hours and booking limits.

    ``special`` replaces a date's weekday hours (an empty list closes the store that day).
    """

    timezone: str
    weekly: Mapping[int, Sequence[LocalHours]]
    special: Mapping[date, Sequence[LocalHours]] = field(default_factory=dict)
    min_notice: timedelta = timedelta(hours=2)
    booking_window: timedelta = timedelta(days=30)


@dataclass(frozen=True)
class GuideCalendar:
    """One guide's week, dated exceptions and existing bookings.

    ``extra`` adds shifts on a date; ``leave`` takes windows off (an empty list: the whole
    day). ``last_assigned_at`` is when an "any guide" booking last went to this guide.
    """

    guide_id: int
    weekly: Mapping[int, Sequence[LocalHours]]
    extra: Mapping[date, Sequence[LocalHours]] = field(default_factory=dict)
    leave: Mapping[date, Sequence[LocalHours]] = field(default_factory=dict)
    busy: Sequence[Busy] | BusyTimes = ()
    last_assigned_at: datetime | None = None


@dataclass(frozen=True)
class Slot:
    """A bookable start; ``guide_ids`` are the free guides, the one to assign first."""

    start: datetime
    end: datetime
    guide_ids: tuple[int, ...]


def _instant(day: date, wall: time, tz: ZoneInfo, *, fold: int) -> datetime:
    return datetime.combine(day, wall, tzinfo=tz).replace(fold=fold).astimezone(UTC)


def _exists(moment: datetime, day: date, wall: time, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz)
    return local.date() == day and local.time() == wall


def day_spans(day: date, hours: Iterable[LocalHours], tz: ZoneInfo) -> list[Span]:
    """A day's wall-clock windows as UTC spans.

    Opening takes the earlier reading of an ambiguous time and closing the later one;
    in a spring gap both fall back to the side that keeps the window inside real
    opening time, so a window is never widened by a clock change.
    """
    spans = []
    for window in hours:
        start = _instant(day, window.opens, tz, fold=0)
        end = _instant(day, window.closes, tz, fold=1)
        if start < end:
            spans.append(Span(start, end))
    return spans


@lru_cache(maxsize=8192)
def _day_pairs(
    day: date, hours: tuple[LocalHours, ...], timezone: str
) -> tuple[tuple[int, int], ...]:
    # Rounded inwards: a window never grows by a fraction of a second.
    return tuple(
        (math.ceil(s.start.timestamp()), math.floor(s.end.timestamp()))
        for s in day_spans(day, hours, ZoneInfo(timezone))
    )


def _pairs(day: date, hours: Sequence[LocalHours], timezone: str) -> Pairs:
    return list(_day_pairs(day, tuple(hours), timezone)) if hours else []


def _merge(spans: Iterable[tuple[int, int]]) -> Pairs:
    merged: Pairs = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _subtract(spans: Pairs, holes: Iterable[tuple[int, int]]) -> Pairs:
    result = spans
    for h_start, h_end in holes:
        cut: Pairs = []
        for start, end in result:
            if not (start < h_end and h_start < end):
                cut.append((start, end))
                continue
            if start < h_start:
                cut.append((start, h_start))
            if h_end < end:
                cut.append((h_end, end))
        result = cut
    return result


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _opening(store: StoreCalendar, days: Sequence[date]) -> Pairs:
    spans: Pairs = []
    for day in days:
        hours = store.special.get(day, store.weekly.get(day.weekday(), ()))
        spans += _pairs(day, hours, store.timezone)
    return _merge(spans)


def _working(guide: GuideCalendar, timezone: str, days: Sequence[date]) -> Pairs:
    spans: Pairs = []
    for day in days:
        worked = _pairs(day, guide.weekly.get(day.weekday(), ()), timezone)
        if day in guide.extra:
            worked += _pairs(day, guide.extra[day], timezone)
        if day in guide.leave:
            off = guide.leave[day]
            worked = [] if not off else _subtract(_merge(worked), _pairs(day, off, timezone))
        spans += worked
    return _merge(spans)


@lru_cache(maxsize=4096)
def grid(day: date, interval: timedelta, timezone: str) -> tuple[datetime, ...]:
    """Candidate starts of one local day: every ``interval`` of wall time from midnight."""
    tz = ZoneInfo(timezone)
    step = int(interval.total_seconds() // 60)
    starts: list[datetime] = []
    for minute in range(0, 24 * 60, step):
        wall = time(minute // 60, minute % 60)
        for fold in (0, 1):
            moment = _instant(day, wall, tz, fold=fold)
            if _exists(moment, day, wall, tz) and moment not in starts:
                starts.append(moment)
    return tuple(starts)


@lru_cache(maxsize=4096)
def _grid_seconds(day: date, interval: timedelta, timezone: str) -> Ints:
    seconds = np.array([int(s.timestamp()) for s in grid(day, interval, timezone)], dtype=np.int64)
    seconds.flags.writeable = False  # shared by every search of that day
    return seconds


@lru_cache(maxsize=8192)
def _midnight(day: date, timezone: str) -> int:
    """The first instant of a local date (fold 0 also lands right when midnight is skipped)."""
    return int(_instant(day, time(), ZoneInfo(timezone), fold=0).timestamp())


def _array(pairs: Pairs) -> tuple[Ints, Ints]:
    both = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return both[:, 0], both[:, 1]


def _within(pairs: Pairs, lo: Ints, hi: Ints) -> npt.NDArray[np.bool_]:
    """Which ``[lo, hi)`` lie inside one of these merged spans (binary search)."""
    if not pairs:
        return np.zeros(lo.shape, dtype=bool)
    starts, ends = _array(pairs)
    i = np.searchsorted(starts, lo, side="right") - 1
    return (i >= 0) & (ends[i] >= hi)


@dataclass(frozen=True)
class _Bookings:
    """One guide's bookings sorted by blocked start, with a running maximum of the ends."""

    starts: Ints  # appointment starts (for day counts), sorted
    blocked_from: Ints
    max_until: Ints

    @classmethod
    def of(cls, busy: Sequence[Busy] | BusyTimes) -> _Bookings:
        if isinstance(busy, BusyTimes):
            starts = np.asarray(busy.starts, dtype=np.int64)
            froms = np.asarray(busy.blocked_from, dtype=np.int64)
            untils = np.asarray(busy.blocked_until, dtype=np.int64)
        else:  # rounded outwards: a booking never shrinks by a fraction of a second
            starts = np.array([math.floor(b.starts_at.timestamp()) for b in busy], dtype=np.int64)
            froms = np.array(
                [math.floor(b.blocked.start.timestamp()) for b in busy], dtype=np.int64
            )
            untils = np.array([math.ceil(b.blocked.end.timestamp()) for b in busy], dtype=np.int64)
        order = np.argsort(froms, kind="stable")
        return cls(
            starts=np.sort(starts),
            blocked_from=froms[order],
            max_until=np.maximum.accumulate(untils[order]) if untils.size else untils,
        )

    def clash(self, lo: Ints, hi: Ints) -> npt.NDArray[np.bool_]:
        """Which ``[lo, hi)`` overlap a booking: the last one starting before ``hi`` ..."""
        if not self.blocked_from.size:
            return np.zeros(lo.shape, dtype=bool)
        j = np.searchsorted(self.blocked_from, hi, side="left")
        # ... or any before it, still running past ``lo``.
        return (j > 0) & (self.max_until[j - 1] > lo)

    def per_day(self, bounds: Ints) -> list[int]:
        """How many start on each local day (``bounds``: the days' first instants and the
        instant after the last)."""
        at = np.searchsorted(self.starts, bounds, side="left")
        return np.diff(at).tolist()


def fairness_key(booked_that_day: int, guide: GuideCalendar) -> tuple[int, datetime, int]:
    """Who gets an "any guide" booking first: fewest bookings that day, then longest
    since their last assignment (round robin), then the lower id."""
    return booked_that_day, guide.last_assigned_at or _NEVER, guide.guide_id


def bookable_slots(
    *,
    store: StoreCalendar,
    guides: Sequence[GuideCalendar],
    rule: ServiceRule,
    first: date,
    last: date,
    now: datetime,
) -> list[Slot]:
    """Every bookable start from local date ``first`` to ``last``, each with its free guides.

    With several guides ("any guide") a start is listed once, its guides in the order an
    assignment would try them (``fairness_key``).
    """
    slots = free_slots(store=store, guides=guides, rule=rule, first=first, last=last)
    return [slots[i] for i in within_notice([s.start for s in slots], store=store, now=now)]


def within_notice(starts: Sequence[datetime], *, store: StoreCalendar, now: datetime) -> list[int]:
    """Which of these starts (their positions) may be booked at ``now``: no sooner than
    the minimum notice, no later than the booking window. The only part of the rule that
    moves with the clock, so a cached ``free_slots`` answer is cut by it on each read."""
    earliest, latest = now + store.min_notice, now + store.booking_window
    return [i for i, start in enumerate(starts) if earliest <= start <= latest]


def free_slots(
    *,
    store: StoreCalendar,
    guides: Sequence[GuideCalendar],
    rule: ServiceRule,
    first: date,
    last: date,
) -> list[Slot]:
    """``bookable_slots`` at any time of asking: every start the calendars leave free,
    before the notice and window cut (``within_notice``)."""
    if rule.duration <= timedelta(0) or rule.interval < timedelta(minutes=1):
        raise ValueError("a service needs a positive duration and an interval of a minute or more")
    timezone = store.timezone
    days = _days(first, last)
    by_day = [grid(day, rule.interval, timezone) for day in days]
    at = np.concatenate([_grid_seconds(day, rule.interval, timezone) for day in days])
    if not at.size or not guides:
        return []
    duration = int(rule.duration.total_seconds())
    before, after = int(rule.buffer_before.total_seconds()), int(rule.buffer_after.total_seconds())
    block_from, block_until = at - before, at + duration + after
    # Buffers may reach into the day before or after the range. The appointment itself
    # must lie in opening time (the same for every guide) and, buffers included, in the
    # guide's working time (which then holds for the appointment alone too).
    around = _days(first - DAY, last + DAY)
    store_open = _within(_opening(store, around), at, at + duration)
    bounds = np.array([_midnight(d, timezone) for d in days] + [_midnight(last + DAY, timezone)])
    free_rows, booked_rows = [], []
    for guide in guides:
        bookings = _Bookings.of(guide.busy)
        free_rows.append(
            store_open
            & _within(_working(guide, timezone, around), block_from, block_until)
            & ~bookings.clash(block_from, block_until)
        )
        booked_rows.append(bookings.per_day(bounds))
    free = np.vstack(free_rows)
    slots = []
    column = 0
    for d, walls in enumerate(by_day):
        width = len(walls)
        if not width:
            continue
        day_free = free[:, column : column + width]
        column += width
        open_columns = np.nonzero(day_free.any(axis=0))[0].tolist()
        if not open_columns:
            continue
        order = sorted(range(len(guides)), key=lambda g: fairness_key(booked_rows[g][d], guides[g]))
        ids = [guides[g].guide_id for g in order]
        taken = day_free[order].T.tolist()
        for c in open_columns:
            start = walls[c]
            slots.append(
                Slot(
                    start=start, end=start + rule.duration, guide_ids=tuple(compress(ids, taken[c]))
                )
            )
    return slots
