"""A store set up for appointments: guides working every day, one service, a shopper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.platform.uow import UnitOfWork
from stores.appointments.models import AppointmentService, GuideService, WorkingHours
from stores.models import OpeningHours
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Salon:
    region_id: int
    store_id: int
    guide_ids: list[int]
    service_id: int


def add_service(
    store_id: int, guide_ids: list[int], *, minutes: int = 60, before: int = 0, after: int = 0
) -> int:
    with UnitOfWork() as uow:
        service = AppointmentService(
            store_id=store_id,
            name=f"Fitting {minutes} min",
            duration_minutes=minutes,
            buffer_before_minutes=before,
            buffer_after_minutes=after,
            interval_minutes=30,
        )
        uow.session.add(service)
        uow.session.flush()
        uow.session.add_all(GuideService(service_id=service.id, guide_id=g) for g in guide_ids)
        uow.commit()
        return service.id


def add_guide(store_id: int, *, starts: int = 10, ends: int = 18) -> int:
    guide_id = factories.guide(store_id).id
    with UnitOfWork() as uow:
        uow.session.add_all(
            WorkingHours(guide_id=guide_id, weekday=d, starts_at=time(starts), ends_at=time(ends))
            for d in range(7)
        )
        uow.commit()
    return guide_id


def open_salon(*, guides: int = 1, minutes: int = 60, **service: int) -> Salon:
    """A Shanghai store open 10-22 whose guides work 10-18 every day."""
    region = factories.region()
    store = factories.store(
        region.id,
        hours=[OpeningHours(weekday=d, opens_at=time(10), closes_at=time(22)) for d in range(7)],
    )
    guide_ids = [add_guide(store.id) for _ in range(guides)]
    return Salon(
        region.id, store.id, guide_ids, add_service(store.id, guide_ids, minutes=minutes, **service)
    )


def day_ahead(days: int = 3) -> date:
    return (datetime.now(UTC).astimezone(SHANGHAI) + timedelta(days=days)).date()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Shanghai wall-clock time as UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).astimezone(UTC)


def guide_clock(monkeypatch: Any, moment: datetime) -> None:
    """The tablet's agenda routes (check-in, complete) see ``moment`` as now.

    A guide records arrivals and outcomes only around the appointment's start
    (``stores.appointments.timing``), and tests book days ahead.
    """
    import tablet_api.agenda

    monkeypatch.setattr(tablet_api.agenda, "utcnow", lambda: moment)
