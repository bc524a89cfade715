"""Appointments as iCalendar (RFC 5545): one appointment for the shopper, a guide's feed.

An event's start and end are written in UTC, as stored: a wall time with a ``TZID``
would be ambiguous in the repeated hour of a clock change (RFC 5545 then means the first
one). The store's zone travels beside them: ``X-WR-TIMEZONE`` and its ``VTIMEZONE``
(``TZID`` = the store's IANA name) for calendars that show events in it, and the store's
wall-clock time in the description for people.

``UID`` is the appointment's own, so a re-download or a feed refresh updates the event
instead of adding one; ``SEQUENCE`` grows with each change (seconds from ``created_at``
to ``updated_at``) and a cancelled appointment stays in a feed as ``STATUS:CANCELLED``
so calendars drop it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.members.client import LocalMembersClient
from services.platform.errors import NotFound
from stores.appointments.models import Appointment, AppointmentService
from stores.models import Guide, Store

PRODUCT = "-//O2O Retail//Appointments//EN"
UID_DOMAIN = "appointments.o2o-retail"
#: How far ahead a guide's feed reaches at most (days).
MAX_FEED_DAYS = 90

_STATUS = {
    "booked": "CONFIRMED",
    "checked_in": "CONFIRMED",
    "completed": "CONFIRMED",
    "no_show": "CONFIRMED",
    "cancelled": "CANCELLED",
}


@dataclass(frozen=True)
class Entry:
    """One appointment as a calendar event needs it."""

    appointment_id: int
    status: str
    starts_at: datetime
    ends_at: datetime
    created_at: datetime
    updated_at: datetime
    timezone: str
    title: str
    location: str
    description: str


def uid(appointment_id: int) -> str:
    return f"appointment-{appointment_id}@{UID_DOMAIN}"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def render(entries: Sequence[Entry], *, name: str, now: datetime) -> bytes:
    """A VCALENDAR of these entries (pure: what is shown is decided by the caller)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    zones = sorted({e.timezone for e in entries})
    if len(zones) == 1:
        calendar.add("x-wr-timezone", zones[0])
    for zone in zones:
        calendar.add_component(Timezone.from_tzid(zone))
    for entry in entries:
        wall = entry.starts_at.astimezone(ZoneInfo(entry.timezone))
        event = Event()
        event.add("uid", uid(entry.appointment_id))
        event.add("dtstamp", _utc(now))
        event.add("created", _utc(entry.created_at))
        event.add("last-modified", _utc(entry.updated_at))
        event.add(
            "sequence", max(0, int(entry.updated_at.timestamp() - entry.created_at.timestamp()))
        )
        event.add("dtstart", _utc(entry.starts_at))
        event.add("dtend", _utc(entry.ends_at))
        event.add("summary", entry.title)
        event.add("location", entry.location)
        store_time = f"Store time: {wall:%Y-%m-%d %H:%M} ({entry.timezone})"
        event.add("description", "\n".join(t for t in (store_time, entry.description) if t))
        event.add("status", _STATUS[entry.status])
        calendar.add_component(event)
    return calendar.to_ical()


def _entries(session: Session, rows: Sequence[Appointment], *, for_guide: bool) -> list[Entry]:
    stores = {
        s.id: s
        for s in session.scalars(select(Store).where(Store.id.in_({r.store_id for r in rows})))
    }
    services = {
        s.id: s
        for s in session.scalars(
            select(AppointmentService).where(
                AppointmentService.id.in_({r.service_id for r in rows})
            )
        )
    }
    guides = {
        g.id: g
        for g in session.scalars(select(Guide).where(Guide.id.in_({r.guide_id for r in rows})))
    }
    members = (
        LocalMembersClient(session).names(sorted({r.member_id for r in rows})) if for_guide else {}
    )
    entries = []
    for row in rows:
        store, service, guide = stores[row.store_id], services[row.service_id], guides[row.guide_id]
        if for_guide:
            title = f"{service.name}: {members.get(row.member_id) or f'member {row.member_id}'}"
            lines = [f"Member {row.member_id}", row.note]
        else:
            title = f"{service.name} at {store.name}"
            lines = [f"With {guide.name}", service.description]
        if row.status == "cancelled" and row.cancel_reason:
            lines.append(f"Cancelled: {row.cancel_reason}")
        entries.append(
            Entry(
                appointment_id=row.id,
                status=row.status,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                created_at=row.created_at,
                updated_at=row.updated_at,
                timezone=store.timezone,
                title=title,
                location=f"{store.name}, {store.address}",
                description="\n".join(line for line in lines if line),
            )
        )
    return entries


def for_member(*, session: Session, member_id: int, appointment_id: int, now: datetime) -> bytes:
    """The shopper's own appointment as an .ics (another member's is "not found")."""
    row = session.get(Appointment, appointment_id)
    if row is None or row.member_id != member_id:
        raise NotFound(f"appointment {appointment_id} does not exist", code="appointment_not_found")
    return render(_entries(session, [row], for_guide=False), name="My appointment", now=now)


def for_guide(*, session: Session, guide_id: int, days: int, now: datetime) -> bytes:
    """The guide's own appointments from the start of the store's today for ``days``
    days, cancelled ones included (so subscribed calendars remove them)."""
    guide = session.get(Guide, guide_id)
    store = session.get(Store, guide.store_id) if guide is not None else None
    if guide is None or store is None:
        raise NotFound(f"guide {guide_id} does not exist", code="guide_not_found")
    tz = ZoneInfo(store.timezone)
    since = datetime.combine(now.astimezone(tz).date(), time(), tzinfo=tz).astimezone(UTC)
    rows = session.scalars(
        select(Appointment)
        .where(
            Appointment.guide_id == guide_id,
            Appointment.starts_at >= since,
            Appointment.starts_at < now + timedelta(days=days),
        )
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(2000)
    ).all()
    return render(_entries(session, rows, for_guide=True), name="My appointments", now=now)
