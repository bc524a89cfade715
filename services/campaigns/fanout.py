"""Send a campaign's messages in batches, exactly once per treated member.

The once rule: a member's row in ``campaign_sends`` is inserted (``ON CONFLICT DO NOTHING
RETURNING``) in the same transaction that queues their message and issues their coupon. A
second run of the same batch (a retried or duplicated task, two workers at once) waits on
the first's uncommitted rows and then claims none of them, so it queues nothing. Only the
``treated`` arm is ever selected: the control group has no path to a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from services.campaigns.models import Campaign, CampaignMember, CampaignSend
from services.members.client import LocalMembersClient
from services.notifications.client import LocalNotificationsClient, register_template
from services.promotions.client import LocalPromotionsClient
from services.touchpoints.client import LocalTouchpointsClient

TEMPLATE = "campaign_invite"
register_template(TEMPLATE, "{message} {link}")

_CLAIM = text(
    """
    INSERT INTO campaigns.campaign_sends (campaign_id, member_id, sent_at)
    SELECT m.campaign_id, m.member_id, :now FROM campaigns.campaign_members m
    WHERE m.campaign_id = :campaign_id AND m.arm = 'treated'
      AND NOT EXISTS (
        SELECT 1 FROM campaigns.campaign_sends s
        WHERE s.campaign_id = m.campaign_id AND s.member_id = m.member_id)
    ORDER BY m.member_id
    LIMIT :batch
    ON CONFLICT DO NOTHING
    RETURNING member_id
    """
)


@dataclass(frozen=True)
class Batch:
    claimed: list[int]
    more: bool


def coupon_source(campaign_id: int) -> str:
    """The wallet ``source`` of a campaign's coupons (results count their redemptions)."""
    return f"campaign:{campaign_id}"


def send_batch(*, session: Session, campaign_id: int, batch: int, now: datetime) -> Batch:
    """Claim up to ``batch`` unsent treated members, queue their messages and coupons."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.status != "sending":
        return Batch(claimed=[], more=False)
    claimed = sorted(
        session.scalars(_CLAIM, {"campaign_id": campaign_id, "batch": batch, "now": now}).all()
    )
    # A member who withdrew marketing consent since the audience was drawn is claimed (so
    # the campaign finishes) but gets neither message nor coupon.
    claimed = LocalMembersClient(session).marketing_reachable(claimed)
    if claimed and campaign.coupon_id is not None:
        LocalPromotionsClient(session).issue(
            coupon_id=campaign.coupon_id,
            member_ids=claimed,
            source=coupon_source(campaign_id),
            now=now,
        )
    link = LocalTouchpointsClient(session).link(campaign.touchpoint_id)
    notifications = LocalNotificationsClient(session)
    for member_id in claimed:
        notifications.notify(
            template=TEMPLATE,
            dedupe_key=f"campaign:{campaign_id}:member:{member_id}",
            member_id=member_id,
            params={"message": campaign.message, "link": link},
        )
    left = session.scalar(
        select(func.count())
        .select_from(CampaignMember)
        .where(
            CampaignMember.campaign_id == campaign_id,
            CampaignMember.arm == "treated",
            ~select(CampaignSend.member_id)
            .where(
                CampaignSend.campaign_id == campaign_id,
                CampaignSend.member_id == CampaignMember.member_id,
            )
            .exists(),
        )
    )
    if not left:
        campaign.status = "sent"
        campaign.sent_at = now
    return Batch(claimed=claimed, more=bool(left))
