"""Caps on what one shopper does with appointments beyond the booking counts: one live
appointment at a time, and a bounded number of moves per appointment (issue 26: a hold
kept alive by rescheduling, two guides booked for one start). Called under the member's
booking lock (booking.py), so simultaneous requests cannot both pass."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.platform.errors import Conflict
from services.platform.settings import get_settings
from stores.appointments.models import LIVE_STATUSES, Appointment


def check_no_overlap(
    session: Session,
    *,
    member_id: int,
    starts_at: datetime,
    ends_at: datetime,
    ignore: int | None = None,
) -> None:
    """One person is in one place at a time: Conflict ``appointment_overlaps`` when the
    member already has a live appointment over any of that time (any guide, any store)."""
    query = select(Appointment.id).where(
        Appointment.member_id == member_id,
        Appointment.status.in_(LIVE_STATUSES),
        Appointment.starts_at < ends_at,
        Appointment.ends_at > starts_at,
    )
    if ignore is not None:
        query = query.where(Appointment.id != ignore)
    clash = session.scalar(query.limit(1))
    if clash is not None:
        raise Conflict(
            "you already have an appointment at that time",
            code="appointment_overlaps",
            details={"appointment_id": clash},
        )


def check_reschedules(row: Appointment) -> None:
    """Conflict ``reschedule_limit`` once the shopper has moved it as often as allowed."""
    most = get_settings().appointment_max_reschedules
    if row.reschedules >= most:
        raise Conflict(
            "this appointment has been moved as often as we allow; cancel it and book again",
            code="reschedule_limit",
            details={"max": most},
        )
