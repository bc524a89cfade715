"""Periodic order work: expire unpaid and uncollected orders, escalate overdue cases."""

from __future__ import annotations

from orders import expiry
from orders.cases import churn, escalation
from services.platform.celery_app import celery_app
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork

EXPIRE_UNPAID = "orders.expire_unpaid"
EXPIRE_UNCOLLECTED = "orders.expire_uncollected"
ESCALATE_CASES = "orders.escalate_overdue_cases"
FLAG_CHURN = "orders.flag_churn_risk"


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


@celery_app.task(name=ESCALATE_CASES)
def escalate_overdue_cases() -> int:
    with UnitOfWork() as uow:
        done = escalation.escalate_overdue(session=uow.session, now=utcnow())
        uow.commit()
    return done


@celery_app.task(name=FLAG_CHURN)
def flag_churn_risk() -> int:
    with UnitOfWork() as uow:
        done = churn.flag_at_risk(session=uow.session, now=utcnow())
        uow.commit()
    return done
