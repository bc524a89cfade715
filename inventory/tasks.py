"""Periodic inventory work: release lapsed holds, reconcile reserved counters."""

from __future__ import annotations

from inventory import reservations
from services.platform.celery_app import celery_app, every
from services.platform.uow import UnitOfWork

RELEASE_EXPIRED = "inventory.release_expired_holds"
RECONCILE = "inventory.reconcile_reserved"


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
    """Recompute reserved counters from live reservations; returns how many drifted."""
    with UnitOfWork() as uow:
        drifts = reservations.reconcile(session=uow.session, fix=True)
        uow.commit()
    return len(drifts)


every("inventory.release_expired_holds", RELEASE_EXPIRED, 30.0)
every("inventory.reconcile_reserved", RECONCILE, 15 * 60.0)
