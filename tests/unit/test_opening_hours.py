"""Pickup ready-time estimates respect the store's local opening hours."""

from __future__ import annotations

from datetime import UTC, datetime, time

from stores.hours import ready_at
from stores.schemas import OpeningHoursRead

DAILY = [OpeningHoursRead(weekday=d, opens_at=time(10), closes_at=time(22)) for d in range(7)]
SHANGHAI = "Asia/Shanghai"


def test_within_opening_hours() -> None:
    now = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai, a Monday
    assert ready_at(now, ready_minutes=60, hours=DAILY, timezone=SHANGHAI) == datetime(
        2026, 11, 23, 5, 0, tzinfo=UTC
    )


def test_work_that_does_not_fit_continues_next_opening() -> None:
    now = datetime(2026, 11, 23, 13, 30, tzinfo=UTC)  # 21:30 local: 30 min left today
    got = ready_at(now, ready_minutes=120, hours=DAILY, timezone=SHANGHAI)
    assert got == datetime(2026, 11, 24, 3, 30, tzinfo=UTC)  # 11:30 local next day


def test_before_opening_and_closed_days() -> None:
    weekdays_only = DAILY[:5]
    saturday_night = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Sat 23:00 local
    got = ready_at(saturday_night, ready_minutes=30, hours=weekdays_only, timezone=SHANGHAI)
    assert got == datetime(2026, 11, 30, 2, 30, tzinfo=UTC)  # Monday 10:30 local


def test_no_hours_means_no_estimate() -> None:
    now = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
    assert ready_at(now, ready_minutes=30, hours=[], timezone=SHANGHAI) is None
