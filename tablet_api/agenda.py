"""The guide's day on the tablet: appointments, arrivals and pickups in one queue."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from orders import queries
from orders.cases.queue import open_cases
from services.members.client import LocalMembersClient
from services.platform.db import utcnow
from services.platform.inputs import BigId
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from stores import checkins
from stores.appointments import agenda, icalendar_feed, reminders
from stores.appointments.queue import Agenda, OpenCase, Pickup, build
from stores.appointments.schemas import (
    ICS_EXAMPLE,
    AppointmentOutcome,
    AppointmentRead,
    StoreCancel,
)
from stores.client import LocalStoresClient

router = APIRouter(tags=["agenda"])


def _store(guide: CurrentGuide) -> int:
    assert guide.store_id is not None
    return guide.store_id


@router.get("/agenda", response_model=Agenda)
@answers("store_not_found")
def day_agenda(
    guide: CurrentGuide,
    uow: UowDep,
    day: Annotated[
        date | None, Query(alias="date", description="local date; default today")
    ] = None,
) -> Agenda:
    """Today's appointments, check-ins, pickups to prepare and open service cases, each with
    what it needs next (a case links to the member 360)."""
    store_id = _store(guide)
    store = LocalStoresClient(uow.session).get_store(store_id)
    day = day or agenda.local_today(store.timezone, utcnow())
    start, end = agenda.store_day_bounds(store.timezone, day)
    appointments = agenda.store_day(session=uow.session, store_id=store_id, day=day)
    arrivals, _ = checkins.for_store(
        session=uow.session, store_id=store_id, since=start, offset=0, limit=200
    )
    pickups, _ = queries.store_queue(session=uow.session, store_id=store_id, offset=0, limit=200)
    cases = [OpenCase(*c) for c in open_cases(session=uow.session, store_id=store_id, now=utcnow())]
    owners = queries.members_of(session=uow.session, numbers=[o.number for o in pickups])
    members = {a.member_id for a in appointments} | {c.member_id for c in arrivals}
    members |= {c.member_id for c in cases} | set(owners.values())
    names = LocalMembersClient(uow.session).names(sorted(members))
    return build(
        day=day,
        timezone=store.timezone,
        appointments=appointments,
        check_ins=[c for c in arrivals if c.checked_in_at < end],
        pickups=[
            Pickup(o.number, o.status, o.paid_at or o.created_at, owners.get(o.number))
            for o in pickups
        ],
        names=names,
        no_shows=reminders.no_show_counts(session=uow.session, member_ids=sorted(members)),
        cases=cases,
    )


@router.post("/appointments/{appointment_id}/check-in", response_model=AppointmentRead)
@answers("appointment_not_found", "appointment_state", "appointment_outside_window")
def check_in(guide: CurrentGuide, uow: UowDep, appointment_id: BigId) -> AppointmentRead:
    """The member is here (when they did not scan the door)."""
    done = agenda.check_in(
        session=uow.session, store_id=_store(guide), appointment_id=appointment_id, now=utcnow()
    )
    uow.commit()
    return done


@router.post("/appointments/{appointment_id}/complete", response_model=AppointmentRead)
@answers(
    "appointment_not_found",
    "appointment_state",
    "appointment_outside_window",
    "order_number_required",
    "order_not_for_appointment",
)
def complete(
    guide: CurrentGuide, uow: UowDep, appointment_id: BigId, body: AppointmentOutcome
) -> AppointmentRead:
    done = agenda.complete(
        session=uow.session,
        store_id=_store(guide),
        appointment_id=appointment_id,
        data=body,
        now=utcnow(),
    )
    uow.commit()
    return done


@router.post("/appointments/{appointment_id}/cancel", response_model=AppointmentRead)
@answers("appointment_not_found", "appointment_state")
def cancel(
    guide: CurrentGuide, uow: UowDep, appointment_id: BigId, body: StoreCancel
) -> AppointmentRead:
    """The store cancels with a reason; the shopper is told."""
    done = agenda.cancel_by_store(
        session=uow.session,
        store_id=_store(guide),
        appointment_id=appointment_id,
        reason=body.reason,
        by="guide",
    )
    uow.commit()
    return done


@router.get(
    "/me/agenda.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {"example": ICS_EXAMPLE}}}},
)
@answers("guide_not_found")
def agenda_ics(
    guide: CurrentGuide,
    uow: UowDep,
    days: Annotated[int, Query(ge=1, le=icalendar_feed.MAX_FEED_DAYS)] = 14,
) -> Response:
    """The guide's own appointments from today for ``days`` days as an iCalendar feed;
    cancelled ones stay in it as STATUS:CANCELLED so a refreshed calendar drops them."""
    body = icalendar_feed.for_guide(
        session=uow.session, guide_id=guide.subject, days=days, now=utcnow()
    )
    return Response(body, media_type="text/calendar; charset=utf-8")
