"""A finished demo campaign in East China, with visits in both arms, so results show at once.

The campaign is created and sent through the real use cases (audience, arms, touchpoint,
the once-per-member sends); only the shoppers' answers — check-ins at the store in the
weeks after — are made up, more often in the treated arm than in the control arm.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.campaigns import fanout, service
from services.campaigns.audience import box
from services.campaigns.models import Campaign, CampaignMember
from services.campaigns.rules import within_km
from services.campaigns.schemas import CampaignCreate
from services.members.client import LocalMembersClient
from services.platform.settings import get_settings
from stores.models import CheckIn, Store

RADIUS_KM = 12.0


def _busiest_open_store(session: Session, region_id: int) -> Store | None:
    """The region's open store with the most consenting members around it."""
    best: tuple[int, Store] | None = None
    members = LocalMembersClient(session)
    for store in session.scalars(
        select(Store).where(Store.region_id == region_id, Store.status == "open").order_by(Store.id)
    ):
        _ids, homes = members.consented_homes_by_member(
            box(store.latitude, store.longitude, RADIUS_KM)
        )
        near = int(within_km(homes, (store.latitude, store.longitude), RADIUS_KM).sum())
        if best is None or near > best[0]:
            best = (near, store)
    return None if best is None else best[1]


def seed_campaign(session: Session, rng: random.Random, region_id: int, now: datetime) -> int:
    """The demo campaign, sent and answered; returns how many members it reached."""
    store = _busiest_open_store(session, region_id)
    if store is None:
        return 0
    data = CampaignCreate(
        name=f"Rediscover {store.name}",
        store_id=store.id,
        audience="near_store",
        radius_km=RADIUS_KM,
        control_percent=20,
        seed=2026,
        message=f"{store.name} has a new winter collection: show this message for a gift.",
    )
    created = service.create(
        session=session,
        data=data,
        region_ids=None,
        manager_id=None,
        settings=get_settings(),
        now=now,
    )
    campaign = session.get(Campaign, created.id)
    assert campaign is not None
    campaign.status = "sending"
    campaign.launched_at = now
    while fanout.send_batch(session=session, campaign_id=campaign.id, batch=1000, now=now).more:
        pass
    arms = session.execute(
        select(CampaignMember.member_id, CampaignMember.arm)
        .where(CampaignMember.campaign_id == campaign.id)
        .order_by(CampaignMember.member_id)
    ).all()
    for member_id, arm in arms:
        if rng.random() < (0.22 if arm == "treated" else 0.08):
            session.add(
                CheckIn(
                    store_id=store.id,
                    member_id=member_id,
                    touchpoint_id=campaign.touchpoint_id
                    if arm == "treated" and rng.random() < 0.6
                    else None,
                    checked_in_at=now
                    + timedelta(days=rng.randint(1, 14), hours=rng.randint(10, 20)),
                )
            )
    session.flush()
    return created.treated
