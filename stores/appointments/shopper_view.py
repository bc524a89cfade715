"""What a shopper reads about bookings: a store's bookable services, and appointments
named (store, service, guide) with their local times, so nothing has to be guessed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.platform.errors import NotFound
from services.platform.examples import example_of, examples
from stores.appointments.models import AppointmentService, GuideService
from stores.appointments.notices import Names
from stores.appointments.schemas import AppointmentMine, AppointmentRead
from stores.models import Guide, Store


class OfferingGuide(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples({"id": 7, "name": "Wang Fang"}))

    id: int
    name: str


class BookableService(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 12,
                "name": "Shoe fitting",
                "description": "Foot measurement and fitting with a guide",
                "duration_minutes": 30,
                "price_fen": 0,
                "currency": "CNY",
                "guides": [example_of(OfferingGuide)],
            }
        )
    )

    id: int
    name: str
    description: str
    duration_minutes: int
    price_fen: int
    currency: str
    #: Who offers it; book with one of them, or leave ``guide_id`` out for any of them.
    guides: list[OfferingGuide]


class StoreServices(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "store_id": 1,
                "store_name": "Yunshan Shanghai 1",
                "store_timezone": "Asia/Shanghai",
                "items": [example_of(BookableService)],
            }
        )
    )

    store_id: int
    store_name: str
    store_timezone: str
    items: list[BookableService]


def _open_store(session: Session, store_id: int) -> Store:
    store = session.get(Store, store_id)
    if store is None or store.status != "open":
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    return store


def store_services(*, session: Session, store_id: int) -> StoreServices:
    """An open store's active services that at least one active guide offers."""
    store = _open_store(session, store_id)
    rows = session.execute(
        select(AppointmentService, Guide.id, Guide.name)
        .join(GuideService, GuideService.service_id == AppointmentService.id)
        .join(Guide, Guide.id == GuideService.guide_id)
        .where(
            AppointmentService.store_id == store_id,
            AppointmentService.active,
            Guide.active,
            Guide.store_id == store_id,
        )
        .order_by(AppointmentService.id, Guide.id)
    ).all()
    items: dict[int, BookableService] = {}
    for service, guide_id, guide_name in rows:
        if service.id not in items:
            items[service.id] = BookableService.model_validate(
                {
                    "id": service.id,
                    "name": service.name,
                    "description": service.description,
                    "duration_minutes": service.duration_minutes,
                    "price_fen": service.price_fen,
                    "currency": service.currency,
                    "guides": [],
                }
            )
        items[service.id].guides.append(OfferingGuide(id=guide_id, name=guide_name))
    return StoreServices(
        store_id=store.id,
        store_name=store.name,
        store_timezone=store.timezone,
        items=list(items.values()),
    )


class ShopperAppointmentRead(AppointmentMine):
    """An appointment as its shopper reads it: names beside the ids, times in the store's zone
    (and, as ``AppointmentMine``, without the guide's closing note)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                **example_of(AppointmentMine),
                "store_name": "Yunshan Shanghai 1",
                "service_name": "Shoe fitting",
                "guide_name": "Wang Fang",
                "store_timezone": "Asia/Shanghai",
                "starts_at_local": "2026-12-03T14:30:00+08:00",
                "ends_at_local": "2026-12-03T15:00:00+08:00",
            }
        )
    )

    store_name: str
    service_name: str
    guide_name: str
    store_timezone: str
    #: ``starts_at``/``ends_at`` in the store's timezone, with its UTC offset.
    starts_at_local: datetime
    ends_at_local: datetime


def named(
    session: Session, appointments: Sequence[AppointmentRead]
) -> list[ShopperAppointmentRead]:
    """Each appointment with its store, service and guide names and local times (one read)."""
    if not appointments:
        return []
    stores = {
        s.id: (s.name, s.timezone)
        for s in session.execute(
            select(Store.id, Store.name, Store.timezone).where(
                Store.id.in_({a.store_id for a in appointments})
            )
        )
    }
    services = dict(
        session.execute(
            select(AppointmentService.id, AppointmentService.name).where(
                AppointmentService.id.in_({a.service_id for a in appointments})
            )
        ).all()
    )
    guides = dict(
        session.execute(
            select(Guide.id, Guide.name).where(Guide.id.in_({a.guide_id for a in appointments}))
        ).all()
    )
    return [
        describe(
            a,
            Names(
                store_name=stores[a.store_id][0],
                timezone=stores[a.store_id][1],
                service_name=services[a.service_id],
                guide_name=guides[a.guide_id],
            ),
        )
        for a in appointments
    ]


def describe(appointment: AppointmentRead, names: Names) -> ShopperAppointmentRead:
    """The appointment with its names and local times (a booking knows them already)."""
    zone = ZoneInfo(names.timezone)
    return ShopperAppointmentRead(
        **appointment.model_dump(),
        store_name=names.store_name,
        service_name=names.service_name,
        guide_name=names.guide_name,
        store_timezone=names.timezone,
        starts_at_local=appointment.starts_at.astimezone(zone),
        ends_at_local=appointment.ends_at.astimezone(zone),
    )


def named_one(session: Session, appointment: AppointmentRead) -> ShopperAppointmentRead:
    """One appointment, named (see ``named``)."""
    return named(session, [appointment])[0]
