"""Three weeks of past appointments before the bookings around today (``appointments``).

On each guide's working days (their week as seeded), at the same start times, so no two
of a guide's appointments overlap; most were completed, some were no-shows or cancelled.
What the completed ones led to (a purchase credited to the guide, or none) is drawn with
the history (``history._appointments``). The demo guide's agenda is left as the demo
makes it.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from server.seed.appointments import OFFSETS_MINUTES
from services.members.models import Member
from stores.appointments.models import Appointment, AppointmentService, WorkingHours
from stores.appointments.slots import ServiceRule, occupied
from stores.models import Guide, Store

WEEKS = 3
#: Chance a start time of a guide's working day was booked.
BOOKED = 0.15


def seed_past_appointments(
    session: Session, rng: random.Random, *, anchor: datetime, demo_guide: str
) -> int:
    """Appointments from ``WEEKS`` weeks before ``anchor``'s day up to two days before it
    (yesterday's come with the bookings around today); returns how many."""
    demo = session.scalar(select(Guide.id).where(Guide.username == demo_guide))
    low, high = session.execute(
        select(func.min(Member.id), func.max(Member.id)).where(Member.openid.like("demo-openid-%"))
    ).one()
    if low is None:
        return 0
    services: dict[int, list[AppointmentService]] = {}
    for service in session.scalars(select(AppointmentService).order_by(AppointmentService.id)):
        services.setdefault(service.store_id, []).append(service)
    hours: dict[int, dict[int, time]] = {}
    for guide_id, weekday, starts_at in session.execute(
        select(WorkingHours.guide_id, WorkingHours.weekday, WorkingHours.starts_at).order_by(
            WorkingHours.guide_id, WorkingHours.weekday
        )
    ):
        hours.setdefault(guide_id, {})[weekday] = starts_at
    rows: list[dict[str, object]] = []
    for guide_id, store_id, timezone in session.execute(
        select(Guide.id, Guide.store_id, Store.timezone)
        .join(Store, Store.id == Guide.store_id)
        .where(Guide.active, Store.status == "open")
        .order_by(Guide.id)
    ):
        offered = services.get(store_id)
        if guide_id == demo or not offered or guide_id not in hours:
            continue
        tz = ZoneInfo(timezone)
        today = anchor.astimezone(tz).date()
        for back in range(WEEKS * 7, 1, -1):
            day = today - timedelta(days=back)
            begins = hours[guide_id].get(day.weekday())
            if begins is None:
                continue
            for minutes in OFFSETS_MINUTES:
                if rng.random() >= BOOKED:
                    continue
                service = rng.choice(offered)
                rule = ServiceRule(
                    duration=timedelta(minutes=service.duration_minutes),
                    interval=timedelta(minutes=service.interval_minutes),
                    buffer_after=timedelta(minutes=service.buffer_after_minutes),
                )
                local = datetime.combine(day, begins, tzinfo=tz) + timedelta(minutes=minutes)
                start = local.astimezone(UTC)
                blocked = occupied(start, rule=rule)
                fate = rng.random()
                status = "completed" if fate < 0.82 else "no_show" if fate < 0.94 else "cancelled"
                rows.append(
                    {
                        "store_id": store_id,
                        "guide_id": guide_id,
                        "service_id": service.id,
                        "member_id": rng.randint(low, high),
                        "status": status,
                        "starts_at": start,
                        "ends_at": start + rule.duration,
                        "blocked_from": blocked.start,
                        "blocked_until": blocked.end,
                        "source": rng.choice(("store_page", "guide_card", "store_page")),
                        "created_at": start - timedelta(days=rng.randint(1, 10)),
                        "cancelled_by": "shopper" if status == "cancelled" else None,
                        "cancel_reason": None,
                    }
                )
    if rows:
        session.execute(insert(Appointment), rows)
    return len(rows)
