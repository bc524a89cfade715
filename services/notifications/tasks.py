"""Celery consumer of ``notification.requested`` outbox messages."""

from __future__ import annotations

from typing import Any

from services.notifications import service
from services.platform.celery_app import celery_app
from services.platform.outbox import first_delivery
from services.platform.uow import UnitOfWork

TASK = "notifications.deliver"


@celery_app.task(name=TASK)
def deliver(message_id: int, topic: str, payload: dict[str, Any]) -> None:
    """Deliver once: the message id and the dedupe key both guard against repeats."""
    with UnitOfWork() as uow:
        if first_delivery(uow.session, consumer=TASK, message_id=message_id):
            service.deliver(uow.session, payload)
        uow.commit()
