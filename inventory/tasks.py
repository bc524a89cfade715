"""Periodic inventory work: release lapsed holds, reconcile reserved counters, due prices."""

from __future__ import annotations

import structlog

from inventory import ledger, pricing, reservations
from services.platform.celery_app import celery_app
from services.platform.uow import UnitOfWork

log = structlog.get_logger(__name__)

RELEASE_EXPIRED = "inventory.release_expired_holds"
RECONCILE = "inventory.reconcile_reserved"
APPLY_PRICES = "inventory.apply_due_prices"


@celery_app.task(name=RELEASE_EXPIRED)
def release_expired_holds() -> int:
    """Release every held reservation past its ``reserved_until`` (batch after batch)."""
    total = 0
    while True:
        with UnitOfWork() as uow:
            released = reservations.release_expired(session=uow.session)
            uow.commit()
        total += released
        if released == 0:
            return total


@celery_app.task(name=RECONCILE)
def reconcile_reserved() -> int:
    """Fix reserved counters from live reservations, and check on-hand against the ledger.

    Returns how many stock rows drifted (reserved fixed, plus on-hand rows that are not
    the sum of their movements: logged as ``on_hand_ledger_drift``, left for a count).
    """
    with UnitOfWork() as uow:
        drifts = reservations.reconcile(session=uow.session, fix=True)
        uow.commit()
    with UnitOfWork() as uow:
        ledger_drifts = ledger.drifted(session=uow.session)
    if ledger_drifts:
        log.warning("on_hand_ledger_drift_total", rows=len(ledger_drifts))
    return len(drifts) + len(ledger_drifts)


@celery_app.task(name=APPLY_PRICES)
def apply_due_prices() -> int:
    """Copy due scheduled prices into the SKUs, once each (reads already show them)."""
    with UnitOfWork() as uow:
        applied = pricing.apply_due(session=uow.session)
        uow.commit()
    for change in applied:
        log.info("price_applied", sku_id=change.sku_id, before=change.before, after=change.after)
    return len(applied)
