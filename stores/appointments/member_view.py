"""A member's appointments as one store's guide may read them (member 360, history).

Appointments at every store are shown (the guide sees the whole relationship),
but what another store's guide wrote when closing one (``outcome_note``) is that
store's private note and is blanked; the follow-up date stays (it is not prose).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from stores.appointments.models import Appointment
from stores.appointments.schemas import AppointmentRead


def for_member(
    *, session: Session, member_id: int, viewer_store_id: int | None, limit: int = 50
) -> list[AppointmentRead]:
    """The member's appointments, latest start first; another store's notes blanked.

    ``viewer_store_id`` None (the member's own history) blanks every store's notes.
    """
    rows = session.scalars(
        select(Appointment)
        .where(Appointment.member_id == member_id)
        .order_by(Appointment.starts_at.desc(), Appointment.id.desc())
        .limit(limit)
    )
    return [_as_seen_by(AppointmentRead.model_validate(r), viewer_store_id) for r in rows]


def _as_seen_by(appointment: AppointmentRead, viewer_store_id: int | None) -> AppointmentRead:
    if appointment.store_id == viewer_store_id or appointment.outcome_note is None:
        return appointment
    return appointment.model_copy(update={"outcome_note": None})


def starting_between(*, session: Session, start: datetime, end: datetime) -> list[tuple[int, int]]:
    """(member, store) of appointments not cancelled that start in [start, end) (campaigns)."""
    rows = session.execute(
        select(Appointment.member_id, Appointment.store_id)
        .where(
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
            Appointment.status != "cancelled",
        )
        .order_by(Appointment.id)
    )
    return [(member_id, store_id) for member_id, store_id in rows]
