"""Shoppers book time with a store's guide: slots (public), book, list, move, cancel."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import JSONResponse

from services.platform import adb, idempotency
from services.platform.db import utcnow
from services.platform.inputs import BigId, Id
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.creates import created
from services.platform.web.deps import PoolDep, UowDep
from services.platform.web.pagination import Page, Pagination
from stores.appointments import booking, icalendar_feed, new_booking, profiles, shopper_view
from stores.appointments.profiles import GuideProfile
from stores.appointments.schemas import (
    ICS_EXAMPLE,
    AppointmentCreate,
    AppointmentMove,
    SlotRead,
    TryOnItem,
)
from stores.appointments.shopper_view import ShopperAppointmentRead, StoreServices

public = APIRouter(tags=["appointments"])
router = APIRouter(tags=["appointments"])


@public.get("/stores/{store_id}/slots", response_model=list[SlotRead])
@answers("bad_range", "store_not_found", "service_not_found", "guide_not_found")
async def store_slots(
    pool: PoolDep,
    store_id: Id,
    service: Annotated[Id, Query()],
    from_: Annotated[date, Query(alias="from", description="first local date")],
    to: Annotated[date, Query(description="last local date (at most 31 days in all)")],
    guide: Annotated[Id | None, Query()] = None,
) -> Response:
    """Bookable starts in the store's timezone, with one guide or any guide who offers it."""
    # A busy public read: on the event loop, one statement, JSON built without re-validation.
    async with adb.connection(pool, get_settings()) as connection:
        body = await booking.find_slots_json(
            connection=connection,
            store_id=store_id,
            service_id=service,
            first=from_,
            last=to,
            guide_id=guide,
            now=utcnow(),
        )
    return Response(body, media_type="application/json")


@public.get("/stores/{store_id}/services", response_model=StoreServices)
@answers("store_not_found")
def store_services(uow: UowDep, store_id: Id) -> StoreServices:
    """What the store's guides offer by appointment: the ``service`` ids that slots and
    bookings take, with names, durations and the guides who offer each."""
    return shopper_view.store_services(session=uow.session, store_id=store_id)


@public.get("/guides/{guide_id}", response_model=GuideProfile)
@answers("guide_not_found")
def guide_profile(uow: UowDep, guide_id: Id) -> GuideProfile:
    """A guide's name, store, services and next free slots (the card QR leads here)."""
    return profiles.guide_profile(session=uow.session, guide_id=guide_id, now=utcnow())


@router.post("/appointments", response_model=ShopperAppointmentRead, status_code=201)
@answers(
    "store_not_found",
    "service_not_found",
    "guide_not_found",
    "slot_unavailable",
    "too_many_appointments",
    "booking_limit",
    "out_of_stock",
    "location_not_found",
    "sku_not_found",
    "appointment_overlaps",
    "try_on_limit",
    "purchase_limit_exceeded",
)
async def book(
    shopper: CurrentShopper,
    pool: PoolDep,
    body: AppointmentCreate,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    # On the event loop: one read, then one statement that books, tells and keeps the
    # answer (new_booking.py); try-on items need inventory's client, in a transaction.
    ask = new_booking.Ask(
        member_id=shopper.subject,
        store_id=body.store_id,
        service_id=body.service_id,
        starts_at=body.starts_at,
        guide_id=body.guide_id,
        source=body.source,
        note=body.note,
        now=utcnow(),
        replay=idempotency.replay(
            scope=f"mp:appointments:{shopper.subject}", key=idempotency_key, body=body
        ),
    )
    if body.try_on:
        return await anyio.to_thread.run_sync(_book_with_try_on, ask, body.try_on)
    async with adb.connection(pool, get_settings()) as connection:
        booked = await new_booking.book_async(connection, ask)
    if booked.replay is not None:
        return JSONResponse(booked.replay.body, status_code=booked.replay.status_code)
    return JSONResponse(booked.body, status_code=201)


def _book_with_try_on(ask: new_booking.Ask, items: list[TryOnItem]) -> Response:
    assert ask.replay is not None
    with UnitOfWork() as uow:
        booked = new_booking.book_once(session=uow.session, ask=ask, try_on_items=items)
        if booked.replay is not None:
            return JSONResponse(booked.replay.body, status_code=booked.replay.status_code)
        assert booked.appointment is not None and booked.names is not None
        made = shopper_view.describe(booked.appointment, booked.names)
        return created(uow, scope=ask.replay.scope, key=ask.replay.key, made=made)


@router.get("/appointments", response_model=Page[ShopperAppointmentRead])
def my_appointments(
    shopper: CurrentShopper,
    uow: UowDep,
    page: Pagination,
    when: Literal["upcoming", "past"] = "upcoming",
) -> Page[ShopperAppointmentRead]:
    items, total = booking.mine(
        session=uow.session,
        member_id=shopper.subject,
        upcoming_only=when == "upcoming",
        now=utcnow(),
        limit=page.limit,
        offset=page.offset,
    )
    return page.page(shopper_view.named(uow.session, items), total)


@router.get("/appointments/{appointment_id}", response_model=ShopperAppointmentRead)
@answers("appointment_not_found")
def one_appointment(
    shopper: CurrentShopper, uow: UowDep, appointment_id: BigId
) -> ShopperAppointmentRead:
    found = booking.one(
        session=uow.session, member_id=shopper.subject, appointment_id=appointment_id
    )
    return shopper_view.named_one(uow.session, found)


@router.post("/appointments/{appointment_id}/cancel", response_model=ShopperAppointmentRead)
@answers("appointment_not_found", "appointment_not_open", "past_cutoff")
def cancel(shopper: CurrentShopper, uow: UowDep, appointment_id: BigId) -> ShopperAppointmentRead:
    cancelled = booking.cancel(
        session=uow.session, member_id=shopper.subject, appointment_id=appointment_id, now=utcnow()
    )
    uow.commit()
    return shopper_view.named_one(uow.session, cancelled)


@router.post("/appointments/{appointment_id}/reschedule", response_model=ShopperAppointmentRead)
@answers(
    "appointment_not_found",
    "appointment_not_open",
    "past_cutoff",
    "store_not_found",
    "service_not_found",
    "guide_not_found",
    "slot_unavailable",
    "out_of_stock",
    "location_not_found",
    "sku_not_found",
    "appointment_overlaps",
    "reschedule_limit",
)
def reschedule(
    shopper: CurrentShopper, uow: UowDep, appointment_id: BigId, body: AppointmentMove
) -> ShopperAppointmentRead:
    moved = booking.reschedule(
        session=uow.session,
        member_id=shopper.subject,
        appointment_id=appointment_id,
        starts_at=body.starts_at,
        now=utcnow(),
    )
    uow.commit()
    return shopper_view.named_one(uow.session, moved)


@router.get(
    "/appointments/{appointment_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {"example": ICS_EXAMPLE}}}},
)
@answers("appointment_not_found")
def appointment_ics(shopper: CurrentShopper, uow: UowDep, appointment_id: BigId) -> Response:
    """The shopper's own appointment as an iCalendar file, to add to the phone's calendar
    (the same UID each time: a second download updates the event)."""
    body = icalendar_feed.for_member(
        session=uow.session, member_id=shopper.subject, appointment_id=appointment_id, now=utcnow()
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="appointment-{appointment_id}.ics"'},
    )
