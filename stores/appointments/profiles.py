"""A guide's public profile: who, where, what they offer and when they are next free."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.platform.errors import NotFound
from services.platform.examples import example_of, examples
from stores.appointments import booking
from stores.appointments.admin import service_read
from stores.appointments.models import AppointmentService, GuideService
from stores.appointments.schemas import ServiceRead, SlotRead
from stores.models import Guide, Store

#: How far ahead a profile looks for the next free slots.
LOOK_AHEAD = timedelta(days=14)


class NextSlots(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples({"service_id": 12, "slots": [example_of(SlotRead)]})
    )

    service_id: int
    slots: list[SlotRead]


class GuideProfile(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 7,
                "name": "Wang Fang",
                "store_id": 1,
                "store_name": "Yunshan Shanghai 1",
                "store_timezone": "Asia/Shanghai",
                "services": [example_of(ServiceRead, guide_ids=[7])],
                "next_slots": [example_of(NextSlots)],
            }
        )
    )

    id: int
    name: str
    store_id: int
    store_name: str
    store_timezone: str
    services: list[ServiceRead]
    next_slots: list[NextSlots]


def guide_services(*, session: Session, guide_id: int) -> list[ServiceRead]:
    """The active services an active guide of an open store offers (else none)."""
    rows = session.scalars(
        select(AppointmentService)
        .join(GuideService, GuideService.service_id == AppointmentService.id)
        .join(Guide, Guide.id == GuideService.guide_id)
        .join(Store, Store.id == Guide.store_id)
        .where(
            GuideService.guide_id == guide_id,
            AppointmentService.active,
            Guide.active,
            Store.status == "open",
        )
        .order_by(AppointmentService.id)
    )
    return [service_read(session, s) for s in rows]


def guide_profile(
    *, session: Session, guide_id: int, now: datetime, per_service: int = 3
) -> GuideProfile:
    """The guide's card for shoppers, with the next few free starts of each service."""
    guide = session.get(Guide, guide_id)
    store = session.get(Store, guide.store_id) if guide is not None else None
    if guide is None or store is None or not guide.active or store.status != "open":
        raise NotFound(f"guide {guide_id} does not exist", code="guide_not_found")
    services = guide_services(session=session, guide_id=guide_id)
    today = now.astimezone(ZoneInfo(store.timezone)).date()
    next_slots = [
        NextSlots(
            service_id=s.id,
            slots=booking.find_slots(
                session=session,
                store_id=store.id,
                service_id=s.id,
                first=today,
                last=today + LOOK_AHEAD,
                guide_id=guide_id,
                now=now,
            )[:per_service],
        )
        for s in services
    ]
    return GuideProfile(
        id=guide.id,
        name=guide.name,
        store_id=store.id,
        store_name=store.name,
        store_timezone=store.timezone,
        services=services,
        next_slots=next_slots,
    )
