"""A guide's own appointment figures, and the store-local periods figures are counted in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stores.appointments.models import Appointment

#: Appointments the guide held: the member came (a completed one was held even if nobody
#: marked the arrival).
HELD = ("checked_in", "completed")


def month_bounds(timezone: str, day: date) -> tuple[datetime, datetime]:
    """The local month holding ``day``: its first instant and the next month's, in UTC (pure)."""
    tz = ZoneInfo(timezone)
    first = day.replace(day=1)
    following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    start = datetime.combine(first, time(), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(following, time(), tzinfo=tz).astimezone(UTC)
    return start, end


def guide_counts(
    *, session: Session, guide_id: int, start: datetime, end: datetime
) -> tuple[int, int]:
    """``(held, no_shows)`` among the guide's appointments starting in [start, end)."""
    held, no_shows = session.execute(
        select(
            func.count().filter(Appointment.status.in_(HELD)),
            func.count().filter(Appointment.status == "no_show"),
        ).where(
            Appointment.guide_id == guide_id,
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
        )
    ).one()
    return held, no_shows
