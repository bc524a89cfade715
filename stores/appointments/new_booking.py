"""A new booking: the slots engine decides on an unlocked read, one statement writes.

The engine (slots.py, the one rule) is asked on the calendars as read without a lock
(calendars.py, one round trip), then ``stores.book_appointment``
(stores/sql/book_appointment.sql) writes its choice in one statement: the idempotency
claim, the member's caps, the guide's lock, the check that nothing the engine read for
that guide has changed since (else it answers "read again"), the appointment, the notice
and the answer. So a guide's lock is held for that one statement, not for a
transaction of round trips. The event loop path (``book_async``) sends it on its own, so
it commits in that round trip; a booking with try-on items (``book_once``) sends it in
its transaction and holds the items after it. Both build the statement's arguments and
read its answer here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from fastapi.encoders import jsonable_encoder
from psycopg.types.json import Jsonb
from sqlalchemy.orm import Session

from services.notifications.client import message as notification
from services.platform import adb, db, idempotency
from services.platform.adb import raised
from services.platform.errors import Conflict, DomainError, NotFound, RateLimited
from services.platform.idempotency import Replay, StoredResponse
from services.platform.outbox import OUTBOX_FLAG
from services.platform.settings import get_settings
from services.platform.uow import kick_relay_soon
from stores.appointments import calendars, notices, shopper_caps, shopper_view, try_on
from stores.appointments.models import LIVE_STATUSES, Appointment
from stores.appointments.notices import Names
from stores.appointments.schemas import AppointmentRead, TryOnItem
from stores.appointments.slots import bookable_slots, occupied

#: Advisory-lock class for "a member's bookings" (the second key is the member id).
MEMBER_LOCK = 0x0A11
#: Reads of the calendars one booking may make: another read follows only when a calendar
#: it chose from changed between its read and its write (a booking or an hours change
#: committed meanwhile). Past this, "no longer available" (a storm of writes to them).
MAX_READS = 5
_BOOK = """
    SELECT claimed, replay_hash AS request_hash, replay_status AS status_code,
           replay_response AS response, stale, appointment_id, chosen_guide, guide_name
    FROM stores.book_appointment(
        p_member_id => %(member_id)s, p_member_lock => %(member_lock)s,
        p_store_id => %(store_id)s, p_service_id => %(service_id)s,
        p_starts_at => %(starts_at)s, p_ends_at => %(ends_at)s,
        p_blocked_from => %(blocked_from)s, p_blocked_until => %(blocked_until)s,
        p_guides => %(guides)s::int[], p_versions => %(versions)s::bigint[],
        p_store_version => %(store_version)s, p_any_guide => %(any_guide)s,
        p_source => %(source)s, p_note => %(note)s, p_now => %(now)s,
        p_max_open => %(max_open)s, p_max_per_day => %(max_per_day)s,
        p_live => %(live)s::text[], p_refusal => %(refusal)s, p_scope => %(scope)s,
        p_key => %(key)s, p_request_hash => %(request_hash)s,
        p_notice_topic => %(notice_topic)s, p_notice => %(notice)s::jsonb,
        p_answer => %(answer)s::jsonb)
"""


@dataclass(frozen=True)
class Ask:
    """One shopper's booking request (``guide_id`` None: any guide who offers it)."""

    member_id: int
    store_id: int
    service_id: int
    starts_at: datetime
    guide_id: int | None
    source: str
    note: str
    now: datetime
    replay: Replay | None = None


@dataclass(frozen=True)
class Booked:
    """A new booking, named, and its 201 body; or the answer stored for a replay."""

    appointment: AppointmentRead | None = None
    names: Names | None = None
    body: dict[str, Any] | None = None
    replay: StoredResponse | None = None


def free_guides(found: calendars.Booking, *, starts_at: datetime, now: datetime) -> list[int]:
    """The guides the engine gives ``starts_at`` to, in the order it would assign them."""
    day = starts_at.astimezone(ZoneInfo(found.store.timezone)).date()
    for slot in bookable_slots(
        store=found.store, guides=found.guides, rule=found.rule, first=day, last=day, now=now
    ):
        if slot.start == starts_at:
            return list(slot.guide_ids)
    return []


#: Each store's zone as last read: the next booking there reads just its start's local
#: date. A zone changed since shows in that read, which is then made again (``_read``).
_ZONES: dict[int, str] = {}


def _reading(ask: Ask, zone: str | None) -> dict[str, Any]:
    if zone is not None:
        first = last = ask.starts_at.astimezone(ZoneInfo(zone)).date()
    else:  # the local date is within a day of the UTC one
        around = ask.starts_at.astimezone(UTC).date()
        first, last = around - timedelta(days=1), around + timedelta(days=1)
    return calendars.params(
        store_id=ask.store_id,
        service_id=ask.service_id,
        guide_ids=None if ask.guide_id is None else [ask.guide_id],
        first=first,
        last=last,
    )


def _read_again(ask: Ask, zone: str | None, found: calendars.Booking) -> bool:
    """Whether the read missed the start's local date (the store's zone had changed)."""
    _ZONES[ask.store_id] = found.store.timezone
    return zone is not None and zone != found.store.timezone


def _found(ask: Ask, row: dict[str, Any] | None) -> calendars.Booking:
    return calendars.calendar_of(row, store_id=ask.store_id, service_id=ask.service_id)


def _draft(ask: Ask, found: calendars.Booking) -> tuple[AppointmentRead, Names]:
    """The appointment as it will be, but for what the statement decides (id, guide)."""
    made = AppointmentRead(
        id=0,
        store_id=ask.store_id,
        guide_id=0,
        service_id=ask.service_id,
        member_id=ask.member_id,
        status="booked",
        starts_at=ask.starts_at,
        ends_at=ask.starts_at + found.rule.duration,
        source=ask.source,
        note=ask.note,
        cancel_reason=None,
        cancelled_by=None,
        checked_in_at=None,
        completed_at=None,
        created_at=ask.now,
    )
    names = Names(
        store_name=found.store_name,
        timezone=found.store.timezone,
        service_name=found.service_name,
        guide_name="",
    )
    return made, names


def _values(ask: Ask, found: calendars.Booking, *, with_answer: bool) -> dict[str, Any]:
    settings = get_settings()
    made, names = _draft(ask, found)
    blocked = occupied(ask.starts_at, rule=found.rule)
    chosen = free_guides(found, starts_at=ask.starts_at, now=ask.now)
    topic, notice = notification(
        **notices.message(
            template="appointment_booked",
            appointment_id=notices.ID_MARK,
            member_id=ask.member_id,
            starts_at=ask.starts_at,
            names=names,
        )
    )
    replay = ask.replay
    return {
        "member_id": ask.member_id,
        "member_lock": MEMBER_LOCK,
        "store_id": ask.store_id,
        "service_id": ask.service_id,
        "starts_at": ask.starts_at,
        "ends_at": made.ends_at,
        "blocked_from": blocked.start,
        "blocked_until": blocked.end,
        "guides": chosen,
        "versions": [found.guide_versions[g] for g in chosen],
        "store_version": found.store_version,
        "any_guide": ask.guide_id is None,
        "source": ask.source,
        "note": ask.note,
        "now": ask.now,
        "max_open": settings.appointment_max_open_per_member,
        "max_per_day": settings.appointment_max_bookings_per_day,
        "live": list(LIVE_STATUSES),
        "refusal": "guide_not_found" if ask.guide_id is not None and not found.guides else None,
        "scope": replay and replay.scope,
        "key": replay and replay.key,
        "request_hash": replay and replay.fingerprint,
        "notice_topic": topic,
        "notice": notice,
        "answer": (
            jsonable_encoder(shopper_view.describe(made, names)) if with_answer and replay else None
        ),
    }


def _refuse(error: Exception, ask: Ask) -> None:
    """Raise the refusal the statement raised as its code (else return: not one of ours)."""
    message, detail = raised(error) or ("", None)
    if message == "too_many_appointments":
        raise Conflict(
            "you already have as many upcoming appointments as we allow",
            code=message,
            details={"max": int(detail or 0)},
        ) from error
    if message == "booking_limit":
        raise RateLimited(
            "too many bookings today; try again tomorrow",
            code=message,
            details={"max": int(detail or 0)},
        ) from error
    if message == "appointment_overlaps":
        raise shopper_caps.overlaps(int(detail or 0)) from error
    if message == "guide_not_found":
        raise NotFound(f"guide {ask.guide_id} does not offer this service", code=message) from error
    if message == "slot_unavailable":
        raise taken() from error


def taken() -> Conflict:
    return Conflict("this time is no longer available", code="slot_unavailable")


def _booked(
    ask: Ask, found: calendars.Booking, values: dict[str, Any], row: dict[str, Any]
) -> Booked:
    """What the statement answered (not 'stale'): the replay, or the new booking."""
    if ask.replay is not None and (stored := idempotency.answered(row, ask.replay.fingerprint)):
        return Booked(replay=stored)
    draft, names = _draft(ask, found)
    made = draft.model_copy(update={"id": row["appointment_id"], "guide_id": row["chosen_guide"]})
    names = Names(
        store_name=names.store_name,
        timezone=names.timezone,
        service_name=names.service_name,
        guide_name=row["guide_name"],
    )
    body = values["answer"] and {
        **values["answer"],
        "id": made.id,
        "guide_id": made.guide_id,
        "guide_name": names.guide_name,
    }
    return Booked(appointment=made, names=names, body=body)


async def book_async(connection: adb.Connection, ask: Ask) -> Booked:
    """Book on the event loop: the read, then the statement in a transaction of its own
    (``connection`` has none open); its 201 body is stored with the key (``ask.replay``)."""
    for _ in range(MAX_READS):
        zone = _ZONES.get(ask.store_id)
        row = await adb.fetch_one(connection, calendars.CALENDAR_SQL, _reading(ask, zone))
        try:
            found = _found(ask, row)
        except DomainError:
            # The store or service is gone now; a replay of a booking made before still answers.
            stored = ask.replay and await idempotency.stored_async(
                connection,
                scope=ask.replay.scope,
                key=ask.replay.key,
                request_hash=ask.replay.fingerprint,
            )
            if stored:
                return Booked(replay=stored)
            raise
        if _read_again(ask, zone, found):
            continue
        values = _values(ask, found, with_answer=True)
        try:
            written = await adb.fetch_one(connection, _BOOK, values)
        except Exception as error:
            _refuse(error, ask)
            raise
        assert written is not None
        if not written["stale"]:
            kick_relay_soon()  # the notice is in the outbox
            return _booked(ask, found, values, written)
    raise taken()


def book_once(*, session: Session, ask: Ask, try_on_items: Sequence[TryOnItem] = ()) -> Booked:
    """Book in the session's transaction, holding any try-on items at the store after the
    statement (all or no booking); the caller records the answer (``created``) and commits."""
    for _ in range(MAX_READS):
        zone = _ZONES.get(ask.store_id)
        rows = db.fetch(session, calendars.CALENDAR_SQL, _reading(ask, zone))
        try:
            found = _found(ask, rows[0] if rows else None)
        except DomainError:
            stored = ask.replay and idempotency.claim(
                session,
                scope=ask.replay.scope,
                key=ask.replay.key,
                request_hash=ask.replay.fingerprint,
            )
            if stored:
                return Booked(replay=stored)
            raise
        if _read_again(ask, zone, found):
            continue
        values = _values(ask, found, with_answer=False)
        try:
            written = db.fetch(session, _BOOK, {**values, "notice": Jsonb(values["notice"])})[0]
        except psycopg.Error as error:
            _refuse(error, ask)
            raise
        if not written["stale"]:
            session.info[OUTBOX_FLAG] = True  # the notice: the relay is kicked after commit
            booked = _booked(ask, found, values, written)
            if try_on_items and booked.appointment is not None:
                booked = _with_try_on(session, booked, try_on_items, now=ask.now)
            return booked
    raise taken()


def _with_try_on(
    session: Session, booked: Booked, items: Sequence[TryOnItem], *, now: datetime
) -> Booked:
    # Last in the transaction: the stock it holds stays locked until the commit.
    assert booked.appointment is not None
    row = session.get(Appointment, booked.appointment.id)
    assert row is not None
    try_on.ask(session, row, items, now=now)
    session.flush()
    held = [TryOnItem(**item) for item in row.try_on or []]
    made = booked.appointment.model_copy(update={"try_on": held})
    return Booked(appointment=made, names=booked.names)


def book(
    *,
    session: Session,
    member_id: int,
    store_id: int,
    service_id: int,
    starts_at: datetime,
    guide_id: int | None,
    source: str,
    note: str,
    now: datetime,
    try_on_items: Sequence[TryOnItem] = (),
) -> AppointmentRead:
    """``book_once`` without an idempotency key: the new appointment."""
    ask = Ask(member_id, store_id, service_id, starts_at, guide_id, source, note, now)
    booked = book_once(session=session, ask=ask, try_on_items=try_on_items)
    assert booked.appointment is not None
    return booked.appointment
