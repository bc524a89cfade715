"""Caps on what one shopper does with appointments beyond the booking counts: one live
appointment at a time, and a bounded number of moves per appointment (issue 26: a hold
kept alive by rescheduling, two guides booked for one start). Called under the member's
booking lock (booking.py), so simultaneous requests cannot both pass."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from services.platform.db import fetch
from services.platform.errors import Conflict
from services.platform.settings import get_settings
from stores.appointments.models import LIVE_STATUSES, Appointment

_OVERLAP = """
    SELECT stores.member_overlap(p_member_id => %(member_id)s, p_starts_at => %(starts_at)s,
        p_ends_at => %(ends_at)s, p_live => %(live)s::text[], p_ignore => %(ignore)s) AS id
"""


def check_no_overlap(
    session: Session,
    *,
    member_id: int,
    starts_at: datetime,
    ends_at: datetime,
    ignore: int | None = None,
) -> None:
    """One person is in one place at a time: Conflict ``appointment_overlaps`` when the
    member already has a live appointment over any of that time (any guide, any store;
    the rule is ``stores.member_overlap``, which a booking asks in its own statement)."""
    values = {
        "member_id": member_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "live": list(LIVE_STATUSES),
        "ignore": ignore,
    }
    clash = fetch(session, _OVERLAP, values)[0]["id"]
    if clash is not None:
        raise overlaps(clash)


def overlaps(clash: int) -> Conflict:
    """The refusal naming the member's appointment at that time."""
    return Conflict(
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
