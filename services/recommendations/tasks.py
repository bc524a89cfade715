"""Beat tasks: the full retrain on a schedule, the refresh as orders are paid."""

from __future__ import annotations

import structlog

from services.platform.celery_app import celery_app
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.recommendations import training

log = structlog.get_logger(__name__)
RETRAIN = "recommendations.retrain"
REFRESH = "recommendations.refresh"


@celery_app.task(name=RETRAIN)
def retrain() -> int:
    with UnitOfWork() as uow:
        trained = training.train(uow.session, settings=get_settings(), now=utcnow())
        uow.commit()
    log.info("recommendations_trained", **trained.__dict__)
    return trained.members


@celery_app.task(name=REFRESH)
def refresh() -> int:
    with UnitOfWork() as uow:
        refreshed = training.refresh(uow.session, settings=get_settings(), now=utcnow())
        uow.commit()
    return refreshed
