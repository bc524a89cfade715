"""The guide's day: the store's appointments, arrivals by hand, outcomes, store cancels.

Everything is scoped to one store (the guide's token carries it); another store's
appointment is "not found".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from orders.client import LocalOrdersClient
from orders.schemas import OrderPlacement
from services.platform.errors import Conflict, InvalidInput, NotFound
from services.platform.settings import get_settings
from stores.appointments import admin, notices, timing, try_on
from stores.appointments.models import Appointment
from stores.appointments.schemas import AppointmentOutcome, AppointmentRead
from stores.models import Store


def local_today(timezone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def store_day_bounds(timezone: str, day: date) -> tuple[datetime, datetime]:
    """A local date's first instant and the next day's, in UTC."""
    tz = ZoneInfo(timezone)
    start = datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)
    return start, end


def store_day(*, session: Session, store_id: int, day: date) -> list[AppointmentRead]:
    """The store's appointments on a local date (cancelled ones left out), by start."""
    store = session.get(Store, store_id)
    if store is None:
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    start, end = store_day_bounds(store.timezone, day)
    rows = session.scalars(
        select(Appointment)
        .where(
            Appointment.store_id == store_id,
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
            Appointment.status != "cancelled",
        )
        .order_by(Appointment.starts_at, Appointment.id)
    )
    return [AppointmentRead.model_validate(r) for r in rows]


def _in_store(session: Session, *, store_id: int, appointment_id: int) -> Appointment:
    row = session.get(Appointment, appointment_id, with_for_update=True)
    if row is None or row.store_id != store_id:
        raise NotFound(f"appointment {appointment_id} does not exist", code="appointment_not_found")
    return row


def _refuse(row: Appointment, action: str) -> Conflict:
    return Conflict(
        f"a {row.status} appointment cannot be {action}",
        code="appointment_state",
        details={"status": row.status},
    )


_DONE = {"check_in": "checked in", "complete": "completed"}


def _check_time(row: Appointment, action: Literal["check_in", "complete"], now: datetime) -> None:
    early = timedelta(minutes=get_settings().appointment_check_in_early_minutes)
    refused = timing.outside(
        action, starts_at=row.starts_at, ends_at=row.ends_at, now=now, check_in_early=early
    )
    if refused is not None:
        opens, closes = refused
        raise Conflict(
            f"an appointment is {_DONE[action]} only from {opens.isoformat()}"
            + (f" until {closes.isoformat()}" if closes else ""),
            code="appointment_outside_window",
            details={"from": opens.isoformat(), "until": closes.isoformat() if closes else None},
        )


def check_in(
    *, session: Session, store_id: int, appointment_id: int, now: datetime
) -> AppointmentRead:
    """The guide marks the member arrived (a repeat changes nothing); only in the window."""
    row = _in_store(session, store_id=store_id, appointment_id=appointment_id)
    if row.status == "booked":
        _check_time(row, "check_in", now)
        row.status, row.checked_in_at = "checked_in", now
    elif row.status != "checked_in":
        raise _refuse(row, "checked in")
    session.flush()
    return AppointmentRead.model_validate(row)


def purchase_mismatch(
    placement: OrderPlacement | None, *, member_id: int, store_id: int
) -> str | None:
    """Why an order cannot be an appointment's purchase (None: it can): it must exist and
    be the appointment's member's order at the appointment's store."""
    if placement is None:
        return "unknown_order"
    if placement.member_id != member_id:
        return "another_member"
    if placement.store_id != store_id:
        return "another_store"
    return None


def _check_purchase(session: Session, row: Appointment, number: str) -> None:
    why = purchase_mismatch(
        LocalOrdersClient(session).placement(number), member_id=row.member_id, store_id=row.store_id
    )
    if why is not None:
        raise InvalidInput(
            "the order is not this member's order at this store",
            code="order_not_for_appointment",
            details={"reason": why, "order_number": number},
        )


def complete(
    *, session: Session, store_id: int, appointment_id: int, data: AppointmentOutcome, now: datetime
) -> AppointmentRead:
    """Close the appointment with what came of it (an order, notes, a follow-up date)."""
    row = _in_store(session, store_id=store_id, appointment_id=appointment_id)
    if row.status not in ("booked", "checked_in"):
        raise _refuse(row, "completed")
    _check_time(row, "complete", now)
    if data.outcome == "purchase" and not data.order_number:
        raise InvalidInput("a purchase needs its order number", code="order_number_required")
    if data.outcome == "purchase" and data.order_number:
        _check_purchase(session, row, data.order_number)
    row.status, row.completed_at = "completed", now
    row.checked_in_at = row.checked_in_at or now
    row.outcome, row.order_number = data.outcome, data.order_number
    row.outcome_note, row.follow_up_on = data.note, data.follow_up_on
    try_on.release(session, row)
    session.flush()
    return AppointmentRead.model_validate(row)


def cancel_by_store(
    *, session: Session, store_id: int, appointment_id: int, reason: str, by: str
) -> AppointmentRead:
    """A guide or manager cancels with a reason; the shopper is told why."""
    row = _in_store(session, store_id=store_id, appointment_id=appointment_id)
    if row.status != "booked":
        raise _refuse(row, "cancelled")
    row.status, row.cancelled_by, row.cancel_reason = "cancelled", by, reason
    try_on.release(session, row)
    session.flush()
    notices.tell(session, row, "appointment_cancelled_by_store", reason=reason)
    return AppointmentRead.model_validate(row)


def cancel_by_manager(
    *, session: Session, appointment_id: int, reason: str, region_ids: admin.Regions
) -> AppointmentRead:
    """A manager cancels one appointment at a store of their regions (any other is "not
    found"), with a reason the shopper is told: the store's cancel, done by a manager."""
    row = session.get(Appointment, appointment_id)
    try:
        if row is None:
            raise NotFound(f"appointment {appointment_id} does not exist")
        admin.store_in_scope(session, store_id=row.store_id, region_ids=region_ids)
    except NotFound as missing:
        raise NotFound(
            f"appointment {appointment_id} does not exist", code="appointment_not_found"
        ) from missing
    return cancel_by_store(
        session=session,
        store_id=row.store_id,
        appointment_id=appointment_id,
        reason=reason,
        by="manager",
    )


def cancel_upcoming(
    *, session: Session, store_id: int, now: datetime, reason: str, guide_id: int | None = None
) -> int:
    """A manager cancels every booked appointment still to come at the store (or of one of
    its guides), each shopper told why; the count cancelled."""
    query = select(Appointment.id).where(
        Appointment.store_id == store_id,
        Appointment.status == "booked",
        Appointment.starts_at > now,
    )
    if guide_id is not None:
        query = query.where(Appointment.guide_id == guide_id)
    upcoming = session.scalars(query.order_by(Appointment.id)).all()
    for appointment_id in upcoming:
        cancel_by_store(
            session=session,
            store_id=store_id,
            appointment_id=appointment_id,
            reason=reason,
            by="manager",
        )
    return len(upcoming)
