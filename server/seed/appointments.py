"""Demo appointments: services per store, guides' weeks, and bookings around today.

Dates follow the real clock (so ``make up`` shows today's agenda); everything else
comes from the seeded random generator.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from inventory.models import Location, Stock
from server.seed.clock import calendar_shift
from services.members.models import Member
from stores.appointments import try_on
from stores.appointments.models import (
    Appointment,
    AppointmentService,
    GuideService,
    WorkingHours,
)
from stores.appointments.schemas import TryOnItem
from stores.appointments.slots import ServiceRule, occupied
from stores.models import Guide, Store

# name, minutes, buffer after, price in fen (0: free)
SERVICES = (
    ("Hiking boot fitting", 30, 10, 0),
    ("Layering consultation", 60, 15, 0),
    ("Expedition kit planning", 90, 15, 19900),
)
EARLY, LATE = (time(10), time(18)), (time(14), time(22))
#: Starts after the shift begins, far enough apart for the longest service and its buffer.
OFFSETS_MINUTES = (30, 180, 330)


def seed_appointments(
    session: Session, rng: random.Random, *, anchor: datetime, now: datetime | None = None
) -> int:
    """Services, weekly hours and ~5 days of bookings around ``anchor``'s day at every open
    store; the count booked. The try-on hold goes on the booking next after ``now``."""
    # Days off drawn on the design calendar's week days: the same guides are off on the
    # same days relative to the anchor, whichever week day the seed runs on.
    shift = calendar_shift(anchor)
    first, last = session.execute(select(func.min(Member.id), func.max(Member.id))).one()
    members = (first, last) if first is not None else None
    stores = session.execute(
        select(Store.id, Store.timezone).where(Store.status == "open").order_by(Store.id)
    ).all()
    guides: dict[int, list[int]] = {}
    for guide_id, store_id in session.execute(
        select(Guide.id, Guide.store_id).where(Guide.active).order_by(Guide.id)
    ):
        guides.setdefault(store_id, []).append(guide_id)
    booked = 0
    for store_id, timezone in stores:
        staff = guides.get(store_id, [])
        services = []
        for name, minutes, after, price in SERVICES:
            service = AppointmentService(
                store_id=store_id,
                name=name,
                duration_minutes=minutes,
                buffer_after_minutes=after,
                interval_minutes=30,
                price_fen=price,
            )
            session.add(service)
            services.append(service)
        session.flush()
        session.execute(
            insert(GuideService),
            [{"service_id": s.id, "guide_id": g} for s in services for g in staff],
        )
        shifts = {g: EARLY if n % 2 == 0 else LATE for n, g in enumerate(staff)}
        session.execute(
            insert(WorkingHours),
            [
                {"guide_id": g, "weekday": d, "starts_at": s[0], "ends_at": s[1]}
                for g, s in shifts.items()
                for d in range(7)
                if d != (g + shift) % 7  # one day off a week
            ],
        )
        rows = _bookings(rng, store_id, timezone, shifts, services, members, anchor, shift)
        if rows:
            session.execute(insert(Appointment), rows)
        booked += len(rows)
    if stores:
        _try_on(session, stores[0][0], now or datetime.now(UTC))
    return booked


def _try_on(session: Session, store_id: int, now: datetime) -> None:
    """The first store's next booking holds one pair to try on (seen in the stock counts)."""
    row = session.scalars(
        select(Appointment)
        .where(
            Appointment.store_id == store_id,
            Appointment.status == "booked",
            Appointment.starts_at > now,
        )
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(1)
    ).first()
    sku_id = session.scalar(
        select(Stock.sku_id)
        .join(Location, Location.id == Stock.location_id)
        .where(Location.store_id == store_id, Stock.on_hand - Stock.reserved >= 1)
        .order_by(Stock.sku_id)
        .limit(1)
    )
    if row is not None and sku_id is not None:
        try_on.hold(session, row, [TryOnItem(sku_id=sku_id, quantity=1)])


def _bookings(
    rng: random.Random,
    store_id: int,
    timezone: str,
    shifts: dict[int, tuple[time, time]],
    services: list[AppointmentService],
    members: tuple[int, int] | None,
    anchor: datetime,
    shift: int,
) -> list[dict[str, object]]:
    tz = ZoneInfo(timezone)
    today = anchor.astimezone(tz).date()
    rows: list[dict[str, object]] = []
    for offset in range(-1, 4):
        day = today + timedelta(days=offset)
        for guide_id, (begins, _) in shifts.items():
            if day.weekday() == (guide_id + shift) % 7 or members is None:
                continue
            for minutes in OFFSETS_MINUTES:
                if rng.random() < 0.35:
                    continue
                service = rng.choice(services)
                rule = ServiceRule(
                    duration=timedelta(minutes=service.duration_minutes),
                    interval=timedelta(minutes=service.interval_minutes),
                    buffer_after=timedelta(minutes=service.buffer_after_minutes),
                )
                local = datetime.combine(day, begins, tzinfo=tz) + timedelta(minutes=minutes)
                start = local.astimezone(UTC)
                blocked = occupied(start, rule=rule)
                past = offset < 0
                rows.append(
                    {
                        "store_id": store_id,
                        "guide_id": guide_id,
                        "service_id": service.id,
                        "member_id": rng.randint(*members),
                        "status": rng.choice(("completed", "completed", "no_show"))
                        if past
                        else "booked",
                        "starts_at": start,
                        "ends_at": start + rule.duration,
                        "blocked_from": blocked.start,
                        "blocked_until": blocked.end,
                        "source": rng.choice(("store_page", "guide_card", "store_page")),
                    }
                )
    return rows
