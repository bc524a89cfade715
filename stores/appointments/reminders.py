"""Reminders before an appointment and no-shows after it (beat tasks, safe to repeat).

A reminder is claimed on the appointment row: candidates are locked with
``SKIP LOCKED`` (a second beat run skips what the first holds), the pure rule below
decides, and the row's ``reminded_*`` column is set in the same transaction as the
outbox request; notifications then delivers once per dedupe key. A repeated run or a
retried task finds nothing left to claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stores.appointments import notices, try_on
from stores.appointments.models import Appointment


@dataclass(frozen=True)
class Reminder:
    name: str
    lead: timedelta
    column: str


REMINDERS = (
    Reminder("24h", timedelta(hours=24), "reminded_24h_at"),
    Reminder("2h", timedelta(hours=2), "reminded_2h_at"),
)


def reminder_due(
    *, starts_at: datetime, booked_at: datetime, now: datetime, lead: timedelta
) -> bool:
    """From ``lead`` before the start until the start; not when it was booked inside
    ``lead`` (the confirmation said it all)."""
    return starts_at - lead <= now < starts_at and booked_at <= starts_at - lead


def no_show_due(*, starts_at: datetime, now: datetime, grace: timedelta) -> bool:
    """A booked appointment nobody checked in for ``grace`` after its start."""
    return now >= starts_at + grace


def send_reminders(*, session: Session, now: datetime) -> int:
    """Queue every reminder now due; the count queued."""
    sent = 0
    for reminder in REMINDERS:
        column = getattr(Appointment, reminder.column)
        rows = session.scalars(
            select(Appointment)
            .where(
                Appointment.status == "booked",
                column.is_(None),
                Appointment.starts_at > now,
                Appointment.starts_at <= now + reminder.lead,
            )
            .order_by(Appointment.id)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            if not reminder_due(
                starts_at=row.starts_at, booked_at=row.created_at, now=now, lead=reminder.lead
            ):
                continue
            setattr(row, reminder.column, now)
            notices.tell(
                session, row, "appointment_reminder", occasion=reminder.name, lead=reminder.name
            )
            sent += 1
    session.flush()
    return sent


def mark_no_shows(*, session: Session, now: datetime, grace: timedelta) -> int:
    """Booked appointments nobody checked in for become ``no_show``; the count marked."""
    rows = session.scalars(
        select(Appointment)
        .where(Appointment.status == "booked", Appointment.starts_at <= now - grace)
        .order_by(Appointment.id)
        .with_for_update(skip_locked=True)
    ).all()
    marked = [r for r in rows if no_show_due(starts_at=r.starts_at, now=now, grace=grace)]
    for row in marked:
        row.status = "no_show"
        try_on.release(session, row)
    session.flush()
    return len(marked)


def no_show_counts(*, session: Session, member_ids: Sequence[int]) -> dict[int, int]:
    """How many appointments each member missed (shown to guides)."""
    if not member_ids:
        return {}
    rows = session.execute(
        select(Appointment.member_id, func.count())
        .where(Appointment.member_id.in_(set(member_ids)), Appointment.status == "no_show")
        .group_by(Appointment.member_id)
    )
    return {member_id: count for member_id, count in rows}
