"""The slots rule written the slow, obvious way (the engine as first built): a test
oracle only. tests/unit/test_slots_oracle.py checks the fast engine gives the same
answer on many random calendars."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from stores.appointments.slots import (
    Busy,
    BusyTimes,
    GuideCalendar,
    LocalHours,
    ServiceRule,
    Slot,
    Span,
    StoreCalendar,
    occupied,
)

DAY = timedelta(days=1)


def _busy(guide: GuideCalendar) -> Sequence[Busy]:
    assert not isinstance(guide.busy, BusyTimes)
    return guide.busy


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


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def _subtract(spans: Sequence[Span], holes: Iterable[Span]) -> list[Span]:
    result = list(spans)
    for hole in holes:
        cut: list[Span] = []
        for span in result:
            if not span.overlaps(hole):
                cut.append(span)
                continue
            if span.start < hole.start:
                cut.append(Span(span.start, hole.start))
            if hole.end < span.end:
                cut.append(Span(hole.end, span.end))
        result = cut
    return result


def _intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    result = []
    for x in a:
        for y in b:
            start, end = max(x.start, y.start), min(x.end, y.end)
            if start < end:
                result.append(Span(start, end))
    return _merge(result)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def opening_spans(store: StoreCalendar, first: date, last: date) -> list[Span]:
    """When the store is open from ``first`` to ``last`` (local dates), in UTC."""
    tz = ZoneInfo(store.timezone)
    spans: list[Span] = []
    for day in _days(first, last):
        hours = store.special.get(day, store.weekly.get(day.weekday(), ()))
        spans.extend(day_spans(day, hours, tz))
    return _merge(spans)


def working_spans(guide: GuideCalendar, tz: ZoneInfo, first: date, last: date) -> list[Span]:
    """When the guide works from ``first`` to ``last`` (local dates), in UTC."""
    spans: list[Span] = []
    for day in _days(first, last):
        worked = day_spans(day, guide.weekly.get(day.weekday(), ()), tz)
        worked += day_spans(day, guide.extra.get(day, ()), tz)
        if day in guide.leave:
            off = guide.leave[day]
            worked = [] if not off else _subtract(_merge(worked), day_spans(day, off, tz))
        spans.extend(worked)
    return _merge(spans)


def grid(day: date, interval: timedelta, tz: ZoneInfo) -> list[datetime]:
    """Candidate starts of one local day: every ``interval`` of wall time from midnight."""
    step = int(interval.total_seconds() // 60)
    starts: list[datetime] = []
    for minute in range(0, 24 * 60, step):
        wall = time(minute // 60, minute % 60)
        for fold in (0, 1):
            moment = _instant(day, wall, tz, fold=fold)
            if _exists(moment, day, wall, tz) and moment not in starts:
                starts.append(moment)
    return starts


class _Within:
    """Is a span inside one of these merged, disjoint spans? (binary search)"""

    def __init__(self, spans: Sequence[Span]) -> None:
        self._spans = spans
        self._starts = [s.start for s in spans]

    def __call__(self, span: Span) -> bool:
        i = bisect_right(self._starts, span.start) - 1
        return i >= 0 and self._spans[i].end >= span.end


class _Clashes:
    """Does a span overlap any busy span? (binary search over a running maximum of ends)"""

    def __init__(self, busy: Iterable[Busy]) -> None:
        blocked = sorted(b.blocked for b in busy)
        self._starts = [s.start for s in blocked]
        self._max_end: list[datetime] = []
        for span in blocked:
            end = span.end if not self._max_end else max(self._max_end[-1], span.end)
            self._max_end.append(end)

    def __call__(self, span: Span) -> bool:
        i = bisect_left(self._starts, span.end)
        return i > 0 and self._max_end[i - 1] > span.start


def _free_starts(
    *,
    store: StoreCalendar,
    guide: GuideCalendar,
    rule: ServiceRule,
    candidates: Sequence[datetime],
    opening: Sequence[Span],
    first: date,
    last: date,
) -> set[datetime]:
    tz = ZoneInfo(store.timezone)
    # Buffers may reach into the day before or after the range.
    working = working_spans(guide, tz, first - DAY, last + DAY)
    in_hours = _Within(_intersect(working, opening))
    at_work = _Within(working)
    clashes = _Clashes(_busy(guide))
    free = set()
    for start in candidates:
        block = occupied(start, rule=rule)
        if in_hours(Span(start, start + rule.duration)) and at_work(block) and not clashes(block):
            free.add(start)
    return free


def fairness(guide: GuideCalendar, day: date, tz: ZoneInfo) -> tuple[int, datetime, int]:
    """Who gets an "any guide" booking first: fewest bookings that day, then longest
    since their last assignment (round robin), then the lower id."""
    booked = sum(1 for b in _busy(guide) if b.starts_at.astimezone(tz).date() == day)
    last = guide.last_assigned_at or datetime.min.replace(tzinfo=UTC)
    return booked, last, guide.guide_id


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
    assignment would try them (``fairness``).
    """
    if rule.duration <= timedelta(0) or rule.interval < timedelta(minutes=1):
        raise ValueError("a service needs a positive duration and an interval of a minute or more")
    tz = ZoneInfo(store.timezone)
    earliest, latest = now + store.min_notice, now + store.booking_window
    by_day = {
        day: [s for s in grid(day, rule.interval, tz) if earliest <= s <= latest]
        for day in _days(first, last)
    }
    candidates = [s for starts in by_day.values() for s in starts]
    if not candidates:
        return []
    opening = opening_spans(store, first - DAY, last + DAY)
    free = {
        g.guide_id: _free_starts(
            store=store,
            guide=g,
            rule=rule,
            candidates=candidates,
            opening=opening,
            first=first,
            last=last,
        )
        for g in guides
    }
    slots = []
    for day, starts in by_day.items():
        order = sorted(guides, key=lambda g: fairness(g, day, tz))
        for start in starts:
            ids = tuple(g.guide_id for g in order if start in free[g.guide_id])
            if ids:
                slots.append(Slot(start=start, end=start + rule.duration, guide_ids=ids))
    return slots
