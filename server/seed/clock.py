"""The demo's calendar: drawn on fixed dates, shifted whole days so its last day is today.

Everything the seed dates (history, the campaign, members' joining, coupons, price
history, bookings) is placed relative to one anchor, midnight UTC of the day it runs.
The same seed therefore gives the same data relative to that anchor whatever the hour
or date: a figure a test reads (a campaign's uplift, last month's orders) never depends
on when the suite runs. Midnight, not the current instant, so that two seeds on the same
day agree and no history lies in the future of the run that reads it.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from services.platform.db import utcnow

#: The calendar the demo was designed on: the guides' days off and the history's weekdays,
#: seasons and holidays are read on it (``profiles.day_factor``), so they keep their place
#: relative to the anchor (a manager sees the Golden Week peak 25-31 days back).
CALENDAR = datetime(2026, 11, 1, tzinfo=UTC)


def seed_anchor(now: datetime | None = None) -> datetime:
    """Midnight UTC of the day ``now`` falls on: the demo's "today"."""
    return datetime.combine((now or utcnow()).astimezone(UTC).date(), time(), tzinfo=UTC)


def calendar_shift(anchor: datetime) -> int:
    """Whole days from the design calendar to ``anchor``: week-day patterns (a guide's
    day off) are drawn on the calendar's week days and moved by this many days."""
    return (anchor - CALENDAR) // timedelta(days=1)
