"""What the shopper is told about their appointment (through the outbox, once per change)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from services.notifications.client import LocalNotificationsClient
from stores.appointments.models import Appointment, AppointmentService
from stores.models import Store


def tell(
    session: Session, row: Appointment, template: str, *, occasion: str = "", **extra: str
) -> None:
    """Queue ``template`` for the appointment's member, in the store's wall-clock time
    (``occasion`` tells apart two messages of one template, such as two reminders)."""
    store = session.get(Store, row.store_id)
    service = session.get(AppointmentService, row.service_id)
    assert store is not None and service is not None
    local = row.starts_at.astimezone(ZoneInfo(store.timezone))
    LocalNotificationsClient(session).notify(
        template=template,
        # One message per appointment, template and start: a moved one is told again.
        dedupe_key=f"{template}{occasion}-{row.id}-{row.starts_at.isoformat()}",
        member_id=row.member_id,
        params={
            "service": service.name,
            "store_name": store.name,
            "when": local.strftime("%Y-%m-%d %H:%M"),
            **extra,
        },
    )
