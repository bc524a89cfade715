"""Celery tasks of campaigns: one batch per run, the next one scheduled after a pause.

The pause (``O2O_CAMPAIGN_SEND_INTERVAL_SECONDS``) between batches of
``O2O_CAMPAIGN_SEND_BATCH`` is the rate limit toward the notification channels; a beat
sweep restarts any campaign still sending (a worker died mid-chain) — safe because a
batch run twice sends nothing twice (``fanout``).
"""

from __future__ import annotations

from sqlalchemy import select

from services.campaigns import fanout
from services.campaigns.models import Campaign
from services.platform.celery_app import celery_app, every
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork

SEND = "campaigns.send_next_batch"
RESUME = "campaigns.resume_sending"


@celery_app.task(name=SEND)
def send_next_batch(campaign_id: int) -> int:
    """Send one batch; schedule the next while members are left. Returns members claimed."""
    settings = get_settings()
    with UnitOfWork() as uow:
        batch = fanout.send_batch(
            session=uow.session,
            campaign_id=campaign_id,
            batch=settings.campaign_send_batch,
            now=utcnow(),
        )
        uow.commit()
    if batch.more:
        send_next_batch.apply_async(
            args=[campaign_id], countdown=settings.campaign_send_interval_seconds
        )
    return len(batch.claimed)


@celery_app.task(name=RESUME)
def resume_sending() -> int:
    """Restart every campaign still sending; a duplicate chain only finds nothing to claim."""
    with UnitOfWork() as uow:
        ids = list(uow.session.scalars(select(Campaign.id).where(Campaign.status == "sending")))
    for campaign_id in ids:
        send_next_batch.delay(campaign_id)
    return len(ids)


every(RESUME, RESUME, 300.0)
