"""Opening-hours arithmetic in the store's local time (pure, no database)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from stores.schemas import OpeningHoursRead


def ready_at(
    now: datetime, *, ready_minutes: int, hours: Sequence[OpeningHoursRead], timezone: str
) -> datetime | None:
    """When an order placed at ``now`` can be collected: preparation happens in opening hours.

    Work that does not fit before closing continues at the next opening. Returns
    UTC, or None when the store has no opening hours at all.
    """
    if not hours:
        return None
    by_day = {h.weekday: h for h in hours}
    tz = ZoneInfo(timezone)
    cursor = now.astimezone(tz)
    remaining = timedelta(minutes=ready_minutes)
    for _ in range(15):  # at most two weeks of days to look through
        day = by_day.get(cursor.weekday())
        if day is not None:
            opens = cursor.replace(
                hour=day.opens_at.hour, minute=day.opens_at.minute, second=0, microsecond=0
            )
            closes = cursor.replace(
                hour=day.closes_at.hour, minute=day.closes_at.minute, second=0, microsecond=0
            )
            start = max(cursor, opens)
            if start < closes:
                if start + remaining <= closes:
                    return (start + remaining).astimezone(now.tzinfo)
                remaining -= closes - start
        cursor = (cursor + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return None
