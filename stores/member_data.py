"""A member's appointments and check-ins (their data export), and erasing what is personal.

Erasure cancels the member's upcoming bookings (freeing the guide and any try-on hold; no
one is told, there is no one to tell), blanks the texts of every booking and deletes the
guides' notes about them. Check-ins stay, pointing at the pseudonymised member row: a
store's visit counts do not change when someone leaves.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from services.platform.member_data import dump
from stores.appointments import try_on
from stores.appointments.models import Appointment
from stores.models import CheckIn, MemberNote


def export_appointments(session: Session, member_id: int) -> list[dict[str, Any]]:
    return dump(session, Appointment, Appointment.member_id == member_id)


def export_check_ins(session: Session, member_id: int) -> list[dict[str, Any]]:
    return dump(session, CheckIn, CheckIn.member_id == member_id)


def forget_member(session: Session, member_id: int, now: datetime) -> None:
    upcoming = session.scalars(
        select(Appointment)
        .where(
            Appointment.member_id == member_id,
            Appointment.status == "booked",
            Appointment.starts_at > now,
        )
        .order_by(Appointment.id)
        .with_for_update()
    ).all()
    for row in upcoming:
        row.status, row.cancelled_by = "cancelled", "shopper"
        row.cancel_reason = "the shopper deleted their account"
        try_on.release(session, row)
    session.execute(
        update(Appointment)
        .where(Appointment.member_id == member_id)
        .values(note="", outcome_note=None)
    )
    session.execute(delete(MemberNote).where(MemberNote.member_id == member_id))
    session.flush()
