"""Periodic order work: expire unpaid and uncollected orders."""

from __future__ import annotations

import orders.payment_events  # noqa: F401  (registers the payment event handler in workers)
from orders import expiry
from services.platform.celery_app import celery_app, every
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork

EXPIRE_UNPAID = "orders.expire_unpaid"
EXPIRE_UNCOLLECTED = "orders.expire_uncollected"


@celery_app.task(name=EXPIRE_UNPAID)
def expire_unpaid() -> int:
    total = 0
    while True:
        with UnitOfWork() as uow:
            done = expiry.expire_unpaid(session=uow.session, now=utcnow())
            uow.commit()
        total += done
        if done == 0:
            return total


@celery_app.task(name=EXPIRE_UNCOLLECTED)
def expire_uncollected() -> int:
    total = 0
    while True:
        with UnitOfWork() as uow:
            done = expiry.expire_uncollected(session=uow.session, now=utcnow())
            uow.commit()
        total += done
        if done == 0:
            return total


every("orders.expire_unpaid", EXPIRE_UNPAID, 30.0)
every("orders.expire_uncollected", EXPIRE_UNCOLLECTED, 300.0)
