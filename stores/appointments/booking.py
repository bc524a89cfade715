"""Shoppers find slots, book, move and cancel appointments.

A guide is never double-booked. A booking asks the slots engine on an unlocked read of
the calendars, then writes its choice in one statement (``stores.book_appointment``)
that locks the guide and books only if nothing the engine read for that guide has
changed since (the calendars' counters), else reads again: the same rule that listed
the slot, decided as if under the lock, which is held for that statement and the commit.
Moving an appointment locks the guide's row first, then reads and decides. A shopper's
own bookings are serialised first (an advisory lock on the member), so the caps hold.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, and_, func, not_, select, text
from sqlalchemy.orm import Session

from services.platform import adb
from services.platform.errors import Conflict, NotFound
from stores.appointments import (
    admin,
    calendars,
    new_booking,
    notices,
    shopper_caps,
    slot_cache,
    try_on,
)
from stores.appointments.models import LIVE_STATUSES, Appointment, AppointmentService
from stores.appointments.schemas import AppointmentRead, SlotRead
from stores.appointments.slots import Slot, bookable_slots, free_slots, occupied
from stores.models import Store

# The member's booking lock, the one stores.book_appointment takes (new_booking.py).
_MEMBER_LOCK = new_booking.MEMBER_LOCK
_LOCK_MEMBER = text("SELECT pg_advisory_xact_lock(:kind, (:member_id % 2147483647)::int)")
_LOCK_GUIDES = text(
    "SELECT id FROM stores.guides WHERE id = ANY(:ids) AND active ORDER BY id FOR UPDATE"
)
# The same, but no row (instead of waiting) for a guide whose row another booking holds.
_TRY_LOCK_GUIDES = text(
    "SELECT id FROM stores.guides WHERE id = ANY(:ids) AND active ORDER BY id"
    " FOR UPDATE SKIP LOCKED"
)


def _local_day(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def slot_read(slot: Slot, timezone: str) -> SlotRead:
    return SlotRead(
        starts_at=slot.start,
        ends_at=slot.end,
        local_start=_local_iso(slot.start, timezone),
        guide_ids=list(slot.guide_ids),
    )


@lru_cache(maxsize=65536)
def _local_iso(moment: datetime, timezone: str) -> str:
    # Slot starts repeat from search to search: the wall-clock text is worked out once.
    return moment.astimezone(ZoneInfo(timezone)).isoformat()


@lru_cache(maxsize=65536)
def _utc_json(moment: datetime) -> str:
    return json.dumps(_INSTANT.dump_python(moment, mode="json"))


_INSTANT = TypeAdapter(datetime)


def slot_items(slots: list[Slot], timezone: str) -> list[str]:
    """Each slot as ``SlotRead`` JSON, written directly: a search answers hundreds of
    slots and pydantic would build and walk a model per slot (tests compare the two)."""
    return [
        f'{{"starts_at":{_utc_json(s.start)},"ends_at":{_utc_json(s.end)},'
        f'"local_start":"{_local_iso(s.start, timezone)}",'
        f'"guide_ids":[{",".join(map(str, s.guide_ids))}]}}'
        for s in slots
    ]


def _offered(found: calendars.Booking, *, guide_id: int | None) -> None:
    if guide_id is not None and not found.guides:
        raise NotFound(f"guide {guide_id} does not offer this service", code="guide_not_found")


def _search(
    found: calendars.Booking, *, guide_id: int | None, first: date, last: date, now: datetime
) -> list[Slot]:
    _offered(found, guide_id=guide_id)
    return bookable_slots(
        store=found.store, guides=found.guides, rule=found.rule, first=first, last=last, now=now
    )


def find_slots(
    *,
    session: Session,
    store_id: int,
    service_id: int,
    first: date,
    last: date,
    guide_id: int | None,
    now: datetime,
) -> list[SlotRead]:
    """Bookable starts from local date ``first`` to ``last`` with one guide or any guide."""
    calendars.check_range(first, last)
    found = calendars.load(
        session,
        store_id=store_id,
        service_id=service_id,
        guide_ids=None if guide_id is None else [guide_id],
        first=first,
        last=last,
    )
    slots = _search(found, guide_id=guide_id, first=first, last=last, now=now)
    return [slot_read(s, found.store.timezone) for s in slots]


async def find_slots_json(
    *,
    connection: adb.Connection,
    store_id: int,
    service_id: int,
    first: date,
    last: date,
    guide_id: int | None,
    now: datetime,
) -> bytes:
    """``find_slots`` on the event loop, answered as JSON (the busy public search: no
    ORM, no thread hop). An answer kept since an earlier search is used while the
    calendars' version has not moved (slot_cache.py): one small statement; otherwise
    one round trip reads them and the engine works the answer out afresh."""
    calendars.check_range(first, last)
    key = (store_id, service_id, first, last, guide_id)
    kept = slot_cache.ANSWERS.get(key)
    if kept is not None and kept.version == await calendars.version_async(
        connection, store_id=store_id, guide_ids=kept.guide_ids
    ):
        return kept.body(now)
    found = await calendars.load_async(
        connection,
        store_id=store_id,
        service_id=service_id,
        guide_ids=None if guide_id is None else [guide_id],
        first=first,
        last=last,
    )
    _offered(found, guide_id=guide_id)
    slots = free_slots(
        store=found.store, guides=found.guides, rule=found.rule, first=first, last=last
    )
    answer = slot_cache.Answer(
        version=found.version,
        guide_ids=[g.guide_id for g in found.guides],
        store=found.store,
        starts=[s.start for s in slots],
        items=slot_items(slots, found.store.timezone),
    )
    slot_cache.ANSWERS.put(key, answer)
    return answer.body(now)


def upcoming(now: datetime) -> ColumnElement[bool]:
    """An appointment still to come: live (booked or checked in) and not yet started.

    What the shopper's "upcoming" list shows and what the open-appointments cap counts;
    everything else (started, completed, cancelled, no-show) is the shopper's past.
    """
    return and_(Appointment.status.in_(LIVE_STATUSES), Appointment.starts_at > now)


def _free_guide(
    session: Session,
    *,
    service: AppointmentService,
    guide_id: int | None,
    starts_at: datetime,
    now: datetime,
    ignore: int | None = None,
) -> int:
    """Lock one guide and return them if the slots engine still gives them ``starts_at``.

    A named guide: lock that guide's row, read the calendar afresh, decide. "Any guide":
    the engine first orders the free guides from an unlocked read (a "no" needs no lock:
    nobody is free), then each candidate in that order is locked and re-checked alone, in
    a savepoint that gives the lock back when the guide was taken meanwhile; a candidate
    another booking holds is skipped and waited for only when no other free guide is
    left, so a yes or no comes without queueing behind other bookings. Holding at
    most one guide's lock at a time, a booking never waits on bookings of other guides
    (locking every candidate made each "any guide" booking queue behind the whole store)
    and cannot deadlock with one that locks several guides in id order.
    """
    guide_ids = calendars.offering_guides(session, service_id=service.id, guide_id=guide_id)
    store = session.get(Store, service.store_id)
    assert store is not None
    day = _local_day(starts_at, store.timezone)
    if len(guide_ids) == 1:  # a named guide: wait for their booking in flight, if any
        if _locked_and_free(session, service, guide_ids[0], day, starts_at, now, ignore):
            return guide_ids[0]
        raise Conflict("this time is no longer available", code="slot_unavailable")
    candidates = _free_at(session, service, guide_ids, day, starts_at, now, ignore)
    busy: list[int] = []
    # First pass: a guide someone is booking right now is skipped, not waited for (the
    # "any guide" bookings of one popular start would otherwise queue on its first guide).
    for candidate in candidates:
        with session.begin_nested() as attempt:
            if not list(session.scalars(_TRY_LOCK_GUIDES, {"ids": [candidate]})):
                busy.append(candidate)
            elif _free_at(session, service, [candidate], day, starts_at, now, ignore):
                return candidate
            attempt.rollback()  # taken meanwhile: give the lock back, try the next
    for candidate in busy:  # every free guide was being booked: wait for each in turn
        with session.begin_nested() as attempt:
            if _locked_and_free(session, service, candidate, day, starts_at, now, ignore):
                return candidate
            attempt.rollback()
    raise Conflict("this time is no longer available", code="slot_unavailable")


def _locked_and_free(
    session: Session,
    service: AppointmentService,
    guide_id: int,
    day: date,
    starts_at: datetime,
    now: datetime,
    ignore: int | None,
) -> bool:
    """Lock the guide's row, then whether the engine, reading afresh, gives them the start."""
    locked = list(session.scalars(_LOCK_GUIDES, {"ids": [guide_id]}))
    return bool(locked) and bool(_free_at(session, service, locked, day, starts_at, now, ignore))


def _free_at(
    session: Session,
    service: AppointmentService,
    guide_ids: list[int],
    day: date,
    starts_at: datetime,
    now: datetime,
    ignore: int | None,
) -> list[int]:
    """The guides free at ``starts_at``, in the order the engine would assign them."""
    found = calendars.load(
        session,
        store_id=service.store_id,
        service_id=service.id,
        guide_ids=guide_ids,
        first=day,
        last=day,
        ignore=ignore,
    )
    del day  # the engine's day is the start's local date (free_guides)
    return new_booking.free_guides(found, starts_at=starts_at, now=now)


def _own(session: Session, *, member_id: int, appointment_id: int) -> Appointment:
    row = session.get(Appointment, appointment_id, with_for_update=True)
    if row is None or row.member_id != member_id:
        raise NotFound(f"appointment {appointment_id} does not exist", code="appointment_not_found")
    return row


def _before_cutoff(session: Session, row: Appointment, now: datetime) -> None:
    if row.status != "booked":
        raise Conflict(
            f"the appointment is {row.status}",
            code="appointment_not_open",
            details={"status": row.status},
        )
    limits = admin.policy(session=session, store_id=row.store_id)
    cutoff = timedelta(minutes=limits.cancel_cutoff_minutes)
    if now > row.starts_at - cutoff:
        raise Conflict(
            "it is too late to change this appointment; please call the store",
            code="past_cutoff",
            details={"cutoff_minutes": int(cutoff.total_seconds() // 60)},
        )


def cancel(
    *, session: Session, member_id: int, appointment_id: int, now: datetime
) -> AppointmentRead:
    """The shopper cancels, until the store's cut-off; the guide's time is free again."""
    row = _own(session, member_id=member_id, appointment_id=appointment_id)
    _before_cutoff(session, row, now)
    row.status, row.cancelled_by, row.cancel_reason = "cancelled", "shopper", None
    try_on.release(session, row)
    session.flush()
    return AppointmentRead.model_validate(row)


def reschedule(
    *,
    session: Session,
    member_id: int,
    appointment_id: int,
    starts_at: datetime,
    now: datetime,
) -> AppointmentRead:
    """Move to another start (same service; the same guide unless any guide was asked),
    at most ``O2O_APPOINTMENT_MAX_RESCHEDULES`` times."""
    session.execute(_LOCK_MEMBER, {"kind": _MEMBER_LOCK, "member_id": member_id})
    row = _own(session, member_id=member_id, appointment_id=appointment_id)
    _before_cutoff(session, row, now)
    shopper_caps.check_reschedules(row)
    service = calendars.bookable_service(session, store_id=row.store_id, service_id=row.service_id)
    ends_at = starts_at + timedelta(minutes=service.duration_minutes)
    shopper_caps.check_no_overlap(
        session, member_id=member_id, starts_at=starts_at, ends_at=ends_at, ignore=row.id
    )
    chosen = _free_guide(
        session,
        service=service,
        guide_id=None if row.any_guide else row.guide_id,
        starts_at=starts_at,
        now=now,
        ignore=row.id,
    )
    blocked = occupied(starts_at, rule=calendars.rule_of(service))
    row.guide_id, row.starts_at, row.ends_at = chosen, starts_at, ends_at
    row.reschedules += 1
    row.blocked_from, row.blocked_until = blocked.start, blocked.end
    row.reminded_24h_at = row.reminded_2h_at = None  # the new time is reminded afresh
    try_on.hold_again(session, row, now=now)
    session.flush()
    notices.tell(session, row, "appointment_rescheduled")
    return AppointmentRead.model_validate(row)


def mine(
    *,
    session: Session,
    member_id: int,
    upcoming_only: bool,
    now: datetime,
    limit: int,
    offset: int,
) -> tuple[list[AppointmentRead], int]:
    """The member's appointments: upcoming (soonest first) or past (latest first)."""
    query = select(Appointment).where(Appointment.member_id == member_id)
    if upcoming_only:
        query = query.where(upcoming(now)).order_by(Appointment.starts_at)
    else:
        query = query.where(not_(upcoming(now))).order_by(Appointment.starts_at.desc())
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.scalars(query.order_by(Appointment.id).offset(offset).limit(limit))
    return [AppointmentRead.model_validate(r) for r in rows], total


def one(*, session: Session, member_id: int, appointment_id: int) -> AppointmentRead:
    row = session.get(Appointment, appointment_id)
    if row is None or row.member_id != member_id:
        raise NotFound(f"appointment {appointment_id} does not exist", code="appointment_not_found")
    return AppointmentRead.model_validate(row)


#: A new booking (new_booking.py): the engine's choice written by one statement.
book = new_booking.book
