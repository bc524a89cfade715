"""The fast slots engine against the obvious one, on many random stores and guides."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest

from stores.appointments.slots import (
    Busy,
    BusyTimes,
    GuideCalendar,
    LocalHours,
    ServiceRule,
    StoreCalendar,
    bookable_slots,
    occupied,
)
from tests.unit import slots_oracle

# Shanghai, two zones that change their clocks (one at midnight) and a half-hour one.
ZONES = ("Asia/Shanghai", "Europe/London", "America/New_York", "America/Santiago", "Asia/Kolkata")
# Days around clock changes in those zones, and plain ones.
STARTS = (
    date(2026, 3, 7),
    date(2026, 3, 27),
    date(2026, 4, 3),
    date(2026, 10, 23),
    date(2026, 12, 1),
)


def _window(rng: random.Random) -> LocalHours:
    opens = rng.randrange(0, 22 * 4) * 15
    closes = rng.randrange(opens // 15 + 1, 24 * 4) * 15
    return LocalHours(time(opens // 60, opens % 60), time(closes // 60, closes % 60))


def _hours(rng: random.Random) -> list[LocalHours]:
    return [_window(rng) for _ in range(rng.choice((0, 1, 1, 1, 2)))]


def _rule(rng: random.Random) -> ServiceRule:
    return ServiceRule(
        duration=timedelta(minutes=rng.choice((15, 30, 45, 60, 90, 120))),
        interval=timedelta(minutes=rng.choice((10, 15, 30, 60))),
        buffer_before=timedelta(minutes=rng.choice((0, 0, 5, 15, 30))),
        buffer_after=timedelta(minutes=rng.choice((0, 10, 15, 45))),
    )


def _guide(
    rng: random.Random, guide_id: int, first: date, days: int, now: datetime
) -> GuideCalendar:
    dates = [first + timedelta(days=n) for n in range(-1, days + 1)]
    busy = []
    for _ in range(rng.randrange(0, 12)):
        start = datetime.combine(rng.choice(dates), time(), tzinfo=UTC) + timedelta(
            minutes=rng.randrange(0, 24 * 12) * 5
        )
        busy.append(Busy(starts_at=start, blocked=occupied(start, rule=_rule(rng))))
    return GuideCalendar(
        guide_id=guide_id,
        weekly={d: _hours(rng) for d in range(7) if rng.random() < 0.8},
        extra={rng.choice(dates): _hours(rng) for _ in range(rng.randrange(0, 3))},
        leave={rng.choice(dates): _hours(rng) for _ in range(rng.randrange(0, 3))},
        busy=busy,
        last_assigned_at=rng.choice((None, now - timedelta(hours=rng.randrange(1, 100)))),
    )


@pytest.mark.parametrize("seed", range(300))
def test_fast_engine_matches_the_obvious_one(seed: int) -> None:
    rng = random.Random(seed)
    first = rng.choice(STARTS) + timedelta(days=rng.randrange(0, 3))
    days = rng.randrange(1, 6)
    last = first + timedelta(days=days - 1)
    now = datetime.combine(first, time(), tzinfo=UTC) + timedelta(
        minutes=rng.randrange(-3000, 3000)
    )
    store = StoreCalendar(
        timezone=rng.choice(ZONES),
        weekly={d: _hours(rng) for d in range(7)},
        special={first + timedelta(days=rng.randrange(0, days)): _hours(rng)},
        min_notice=timedelta(minutes=rng.choice((0, 30, 120))),
        booking_window=timedelta(days=rng.choice((1, 3, 30))),
    )
    guides = [
        _guide(rng, guide_id, first, days, now)
        for guide_id in rng.sample(range(1, 50), rng.randrange(1, 6))
    ]
    rule = _rule(rng)
    expected = slots_oracle.bookable_slots(
        store=store, guides=guides, rule=rule, first=first, last=last, now=now
    )
    got = bookable_slots(store=store, guides=guides, rule=rule, first=first, last=last, now=now)
    assert got == expected


def test_bookings_read_in_bulk_count_the_same_as_one_by_one() -> None:
    rng = random.Random(7)
    first, now = date(2026, 12, 1), datetime(2026, 11, 28, tzinfo=UTC)
    rule = _rule(rng)
    store = StoreCalendar(
        timezone="Asia/Shanghai", weekly={d: [LocalHours(time(9), time(21))] for d in range(7)}
    )
    for _ in range(30):
        guides = [_guide(rng, g, first, 3, now) for g in (1, 2, 3)]
        bulk = [
            GuideCalendar(
                guide_id=g.guide_id,
                weekly=g.weekly,
                extra=g.extra,
                leave=g.leave,
                busy=BusyTimes(
                    starts=[int(b.starts_at.timestamp()) for b in g.busy],  # type: ignore[union-attr]
                    blocked_from=[int(b.blocked.start.timestamp()) for b in g.busy],  # type: ignore[union-attr]
                    blocked_until=[int(b.blocked.end.timestamp()) for b in g.busy],  # type: ignore[union-attr]
                ),
                last_assigned_at=g.last_assigned_at,
            )
            for g in guides
        ]
        args = {
            "store": store,
            "rule": rule,
            "first": first,
            "last": first + timedelta(days=2),
            "now": now,
        }
        assert bookable_slots(guides=bulk, **args) == bookable_slots(guides=guides, **args)  # type: ignore[arg-type]
