"""Beat: raw scans past ``O2O_RAW_EVENT_RETENTION_DAYS`` are folded into daily counts."""

from __future__ import annotations

from datetime import timedelta

from services.platform.celery_app import celery_app
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.touchpoints import retention

PRUNE = "touchpoints.prune_scans"
#: Scans deleted per transaction: short locks, and a crash loses at most one batch's work.
BATCH = 5_000


@celery_app.task(name=PRUNE)
def prune_scans() -> int:
    """Fold and delete every expired scan, a batch per transaction; how many went."""
    before = utcnow() - timedelta(days=get_settings().raw_event_retention_days)
    total = 0
    while True:
        with UnitOfWork() as uow:
            gone = retention.prune_scans(uow.session, before=before, batch=BATCH)
            uow.commit()
        total += gone
        if gone < BATCH:
            return total
