"""What the shopper is told about their appointment (through the outbox, once per change)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from services.notifications.client import LocalNotificationsClient
from stores.appointments.models import Appointment, AppointmentService
from stores.appointments.schemas import AppointmentRead
from stores.models import Store

#: Stands for the appointment's id in a notice written before the id exists
#: (``stores.book_appointment`` puts the id in its place).
ID_MARK = "{id}"


@dataclass(frozen=True)
class Names:
    """What an appointment's ids are called, and its store's zone (for local times)."""

    store_name: str
    timezone: str
    service_name: str
    guide_name: str


def message(
    *,
    template: str,
    appointment_id: int | str,
    member_id: int,
    starts_at: datetime,
    names: Names,
    occasion: str = "",
    **extra: str,
) -> dict[str, Any]:
    """The notification's arguments: ``template`` for the member, in the store's wall-clock
    time (``occasion`` tells apart two messages of one template, such as two reminders)."""
    local = starts_at.astimezone(ZoneInfo(names.timezone))
    return {
        "template": template,
        # One message per appointment, template and start: a moved one is told again.
        "dedupe_key": f"{template}{occasion}-{appointment_id}-{starts_at.isoformat()}",
        "member_id": member_id,
        "params": {
            "service": names.service_name,
            "store_name": names.store_name,
            "when": local.strftime("%Y-%m-%d %H:%M"),
            **extra,
        },
    }


def request(session: Session, made: AppointmentRead, names: Names, template: str) -> None:
    """Queue ``template`` for a new appointment whose names are known (a booking)."""
    LocalNotificationsClient(session).notify(
        **message(
            template=template,
            appointment_id=made.id,
            member_id=made.member_id,
            starts_at=made.starts_at,
            names=names,
        )
    )


def tell(
    session: Session, row: Appointment, template: str, *, occasion: str = "", **extra: str
) -> None:
    """Queue ``template`` for the appointment's member (``message``), names read here."""
    store = session.get(Store, row.store_id)
    service = session.get(AppointmentService, row.service_id)
    assert store is not None and service is not None
    names = Names(
        store_name=store.name, timezone=store.timezone, service_name=service.name, guide_name=""
    )
    LocalNotificationsClient(session).notify(
        **message(
            template=template,
            appointment_id=row.id,
            member_id=row.member_id,
            starts_at=row.starts_at,
            names=names,
            occasion=occasion,
            **extra,
        )
    )
