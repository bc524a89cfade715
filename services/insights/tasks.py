"""The outbox consumer that keeps the rollups: one task for every topic insights reads."""

from __future__ import annotations

from typing import Any

from services.insights import reconcile
from services.platform.celery_app import celery_app
from services.platform.uow import UnitOfWork

APPLY_TASK = "insights.apply"


@celery_app.task(name=APPLY_TASK)
def apply_message(message_id: int, topic: str, payload: dict[str, Any]) -> None:
    with UnitOfWork() as uow:
        reconcile.apply(uow.session, message_id=message_id, topic=topic, payload=payload)
        uow.commit()
