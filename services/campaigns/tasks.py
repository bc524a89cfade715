"""Celery tasks of campaigns: one batch per run, the next one scheduled after a pause.

The pause (``O2O_CAMPAIGN_SEND_INTERVAL_SECONDS``) between batches of
``O2O_CAMPAIGN_SEND_BATCH`` is the rate limit toward the notification channels; a beat
sweep restarts a campaign still sending with no send for two minutes (a worker died
mid-chain) — safe because a
batch run twice sends nothing twice (``fanout``).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from services.campaigns import fanout
from services.campaigns.models import Campaign, CampaignSend
from services.platform.celery_app import celery_app
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


#: A sending campaign with no send this long is taken for stalled (its chain died).
STALLED = timedelta(minutes=2)


@celery_app.task(name=RESUME)
def resume_sending() -> int:
    """Restart campaigns still sending but stalled; a duplicate chain only claims nothing."""
    latest = (
        select(func.max(CampaignSend.sent_at))
        .where(CampaignSend.campaign_id == Campaign.id)
        .scalar_subquery()
    )
    since = utcnow() - STALLED
    with UnitOfWork() as uow:
        ids = list(
            uow.session.scalars(
                select(Campaign.id).where(
                    Campaign.status == "sending",
                    func.coalesce(latest, Campaign.launched_at) < since,
                )
            )
        )
    for campaign_id in ids:
        send_next_batch.delay(campaign_id)
    return len(ids)
