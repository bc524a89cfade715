"""Campaign use cases: create one (audience, arms, touchpoint), read it, launch it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from services.campaigns import audience as audiences
from services.campaigns import rules
from services.campaigns.models import Campaign, CampaignMember, CampaignSend
from services.campaigns.schemas import CampaignCreate, CampaignRead
from services.campaigns.tasks import send_next_batch
from services.members.client import LocalMembersClient
from services.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.platform.settings import Settings
from services.platform.uow import on_commit
from services.promotions.client import LocalPromotionsClient
from services.touchpoints.client import LocalTouchpointsClient
from stores.client import LocalStoresClient


def _target_region(session: Session, data: CampaignCreate, region_ids: Sequence[int] | None) -> int:
    if data.store_id is None:
        assert data.region_id is not None  # the schema asks for it with a channel
        if region_ids is not None and data.region_id not in region_ids:
            raise Forbidden("that region is not yours", code="region_forbidden")
        if data.audience != "single_channel":
            raise InvalidInput(
                "this audience is drawn around a store", code="campaign_audience_needs_store"
            )
        return data.region_id
    store = LocalStoresClient(session).get_store(data.store_id)
    if region_ids is not None and store.region_id not in region_ids:
        raise NotFound(f"store {data.store_id} does not exist", code="store_not_found")
    if store.status == "closed":
        raise Conflict("the store is closed", code="campaign_target_closed")
    return store.region_id


def create(
    *,
    session: Session,
    data: CampaignCreate,
    region_ids: Sequence[int] | None,
    manager_id: int | None,
    settings: Settings,
    now: datetime,
) -> CampaignRead:
    """Fix the audience and its arms now (a later read never reshuffles them)."""
    region_id = _target_region(session, data, region_ids)
    if data.coupon_id is not None:
        LocalPromotionsClient(session).coupon(data.coupon_id, region_ids)
    if data.store_id is not None and data.audience != "single_channel":
        store = LocalStoresClient(session).get_store(data.store_id)
        members = audiences.around_store(
            session,
            store=store,
            audience=data.audience,
            radius_km=data.radius_km,
            region_ids=region_ids,
        )
    else:
        members = audiences.single_channel(
            session, region_id=region_id, target_channel=data.channel, now=now
        )
    # Only members who allow campaign messages are drawn, in either arm (a control member
    # who withdrew would otherwise still be counted as reachable).
    members = LocalMembersClient(session).marketing_reachable(members)
    if len(members) > settings.campaign_max_members:
        raise Conflict(
            f"the audience holds {len(members)} members, more than {settings.campaign_max_members}",
            code="campaign_audience_too_large",
        )
    treated, control = rules.split(members, seed=data.seed, control_percent=data.control_percent)
    campaign = Campaign(
        **data.model_dump(exclude={"store_id", "channel", "region_id", "radius_km"}),
        store_id=data.store_id,
        channel=data.channel,
        region_id=region_id,
        target="store" if data.store_id is not None else "channel",
        radius_km=data.radius_km if data.audience != "single_channel" else None,
        touchpoint_id=0,
        status="ready",
        created_by=manager_id,
        created_at=now,
    )
    session.add(campaign)
    session.flush()
    touchpoint = LocalTouchpointsClient(session).create_campaign_touchpoint(
        name=f"Campaign: {data.name}"[:200],
        region_id=region_id,
        store_id=data.store_id,
        campaign_code=f"campaign-{campaign.id}",
    )
    campaign.touchpoint_id = touchpoint.id
    rows = [{"campaign_id": campaign.id, "member_id": m, "arm": "treated"} for m in treated]
    rows += [{"campaign_id": campaign.id, "member_id": m, "arm": "control"} for m in control]
    if rows:
        session.execute(insert(CampaignMember), rows)
    session.flush()
    return read(session, campaign)


def read(session: Session, campaign: Campaign) -> CampaignRead:
    counts = dict(
        session.execute(
            select(CampaignMember.arm, func.count())
            .where(CampaignMember.campaign_id == campaign.id)
            .group_by(CampaignMember.arm)
        ).all()
    )
    sent = session.scalar(select(func.count()).where(CampaignSend.campaign_id == campaign.id))
    return CampaignRead.model_validate(
        {
            **{c.key: getattr(campaign, c.key) for c in Campaign.__table__.columns},
            "treated": counts.get("treated", 0),
            "control": counts.get("control", 0),
            "sent": sent or 0,
            "link": LocalTouchpointsClient(session).link(campaign.touchpoint_id),
        }
    )


def load(
    session: Session, campaign_id: int, region_ids: Sequence[int] | None, *, lock: bool = False
) -> Campaign:
    """The campaign if it is in the caller's regions; others look absent (no existence leak)."""
    query = select(Campaign).where(Campaign.id == campaign_id)
    if lock:
        query = query.with_for_update()
    campaign = session.scalar(query)
    if campaign is None or (region_ids is not None and campaign.region_id not in region_ids):
        raise NotFound(f"campaign {campaign_id} does not exist", code="campaign_not_found")
    return campaign


def get(*, session: Session, campaign_id: int, region_ids: Sequence[int] | None) -> CampaignRead:
    return read(session, load(session, campaign_id, region_ids))


def list_campaigns(
    *, session: Session, region_ids: Sequence[int] | None, offset: int, limit: int
) -> tuple[list[CampaignRead], int]:
    query = select(Campaign)
    if region_ids is not None:
        query = query.where(Campaign.region_id.in_(region_ids))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Campaign.id.desc()).offset(offset).limit(limit))
    return [read(session, c) for c in rows], total


def launch(
    *, session: Session, campaign_id: int, region_ids: Sequence[int] | None, now: datetime
) -> CampaignRead:
    """Mark it sending; the fan-out task starts once this commits."""
    campaign = load(session, campaign_id, region_ids, lock=True)
    if campaign.status != "ready":
        raise Conflict("the campaign was launched already", code="campaign_already_launched")
    campaign.status = "sending"
    campaign.launched_at = now
    session.flush()
    on_commit(session, lambda: send_next_batch.delay(campaign_id))
    return read(session, campaign)
