"""Beat tasks: drain noted views, invite to feedback; and the consumers that put the
owners' facts (orders, scans, check-ins, appointments: ``moments``) and a closed service
case (an occasion to ask about) on the journey."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.feedback import journey, moments, retention, service
from services.platform.cache import get_redis
from services.platform.celery_app import celery_app
from services.platform.db import utcnow
from services.platform.outbox import first_delivery
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork

JOURNEY_FACTS = "feedback.journey_facts"
DRAIN = "feedback.drain_journey_buffer"
INVITE = "feedback.invite"
CASE_CLOSED = "feedback.case_closed"
PRUNE = "feedback.prune_journey"
#: Moments deleted per transaction: short locks, and a crash loses at most one batch's work.
PRUNE_BATCH = 5_000


@celery_app.task(name=JOURNEY_FACTS)
def journey_facts(message_id: int, topic: str, payload: dict[str, Any]) -> int:
    """The moments an owner's message holds, once per message (and once per moment)."""
    with UnitOfWork() as uow:
        added = 0
        if first_delivery(uow.session, consumer=JOURNEY_FACTS, message_id=message_id):
            added = moments.from_message(uow.session, topic, payload, now=utcnow())
        uow.commit()
    return added


@celery_app.task(name=DRAIN)
def drain_journey_buffer() -> int:
    total = 0
    client = get_redis()
    while True:
        with UnitOfWork() as uow:
            moved = journey.drain(uow.session, client, now=utcnow())
            uow.commit()
        total += moved
        if moved == 0:
            return total


@celery_app.task(name=INVITE)
def invite() -> int:
    with UnitOfWork() as uow:
        invited = service.invite_due(uow.session, settings=get_settings(), now=utcnow())
        uow.commit()
    return invited


@celery_app.task(name=CASE_CLOSED)
def case_closed(message_id: int, topic: str, payload: dict[str, Any]) -> None:
    """Record the closed case as a journey moment; ``invite`` then asks about it with the
    same once-per-occasion and monthly-cap rules as every other moment."""
    with UnitOfWork() as uow:
        if first_delivery(uow.session, consumer=CASE_CLOSED, message_id=message_id):
            journey.record_case_closed(uow.session, payload)
        uow.commit()


@celery_app.task(name=PRUNE)
def prune_journey() -> int:
    """Fold and delete every expired journey moment, a batch per transaction."""
    before = utcnow() - timedelta(days=get_settings().raw_event_retention_days)
    total = 0
    while True:
        with UnitOfWork() as uow:
            gone = retention.prune_journey(uow.session, before=before, batch=PRUNE_BATCH)
            uow.commit()
        total += gone
        if gone < PRUNE_BATCH:
            return total
