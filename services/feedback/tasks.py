"""Beat tasks: collect the journey, drain noted views, invite to feedback."""

from __future__ import annotations

from datetime import timedelta

from services.feedback import journey, service
from services.platform.cache import get_redis
from services.platform.celery_app import celery_app, every
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork

COLLECT = "feedback.collect_journey"
DRAIN = "feedback.drain_journey_buffer"
INVITE = "feedback.invite"


@celery_app.task(name=COLLECT)
def collect_journey() -> int:
    now = utcnow()
    with UnitOfWork() as uow:
        added = journey.collect(
            uow.session,
            since=now - timedelta(hours=get_settings().journey_lookback_hours),
            now=now,
        )
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


every(COLLECT, COLLECT, 60.0)
every(DRAIN, DRAIN, 5.0)
every(INVITE, INVITE, 300.0)
