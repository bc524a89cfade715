"""What a campaign did: visits, orders and appointments at its target, per arm, and the uplift.

Conversion counts any check-in, order or appointment at the target since launch, in both
arms alike (the control group never saw the code or the coupon, so counting only
campaign-attributed activity would make the uplift the treated rate by construction);
``through_touchpoint`` and ``coupons_redeemed`` show what went through the campaign itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from orders.client import LocalOrdersClient
from orders.schemas import OrderTouch
from services.campaigns import rules
from services.campaigns.fanout import coupon_source
from services.campaigns.models import Campaign, CampaignMember
from services.campaigns.schemas import ArmResults, CampaignResults, UpliftRead
from services.campaigns.service import load
from services.promotions.client import LocalPromotionsClient
from stores.client import LocalStoresClient


@dataclass
class _Tally:
    members: int = 0
    converted: set[int] = field(default_factory=set)
    check_ins: int = 0
    orders: int = 0
    appointments: int = 0
    through_touchpoint: int = 0
    coupons_redeemed: int = 0

    def read(self, arm: str) -> ArmResults:
        return ArmResults.model_validate(
            {
                "arm": arm,
                "members": self.members,
                "converted": len(self.converted),
                "conversion": len(self.converted) / self.members if self.members else 0.0,
                "check_ins": self.check_ins,
                "orders": self.orders,
                "appointments": self.appointments,
                "through_touchpoint": self.through_touchpoint,
                "coupons_redeemed": self.coupons_redeemed,
            }
        )


def order_at_target(campaign: Campaign, order: OrderTouch) -> bool:
    if campaign.store_id is not None:
        return order.store_id == campaign.store_id
    if campaign.channel == "delivery":
        return order.fulfilment == "delivery"
    if campaign.channel == "mini_program":
        return order.channel == "mini_program"
    return False


def results(
    *, session: Session, campaign_id: int, region_ids: Sequence[int] | None, now: datetime
) -> CampaignResults:
    """Per arm: members, converted, activity at the target; uplift with a 95% interval."""
    campaign = load(session, campaign_id, region_ids)
    arms = dict(
        session.execute(
            select(CampaignMember.member_id, CampaignMember.arm).where(
                CampaignMember.campaign_id == campaign_id
            )
        ).all()
    )
    tallies = {"treated": _Tally(), "control": _Tally()}
    for arm in arms.values():
        tallies[arm].members += 1
    since = campaign.launched_at
    if since is not None:
        _count(session, campaign, arms, tallies, since, now)
    treated, control = tallies["treated"], tallies["control"]
    lift = rules.uplift(
        treated=treated.members,
        treated_converted=len(treated.converted),
        control=control.members,
        control_converted=len(control.converted),
    )
    return CampaignResults(
        campaign_id=campaign_id,
        since=since,
        arms=[treated.read("treated"), control.read("control")],
        uplift=None if lift is None else UpliftRead.model_validate(lift, from_attributes=True),
    )


def _count(
    session: Session,
    campaign: Campaign,
    arms: dict[int, str],
    tallies: dict[str, _Tally],
    since: datetime,
    now: datetime,
) -> None:
    stores = LocalStoresClient(session)
    for order in LocalOrdersClient(session).touches_since(sorted(arms), since):
        if order_at_target(campaign, order):
            tally = tallies[arms[order.member_id]]
            tally.orders += 1
            tally.converted.add(order.member_id)
            if order.touchpoint_id == campaign.touchpoint_id:
                tally.through_touchpoint += 1
    if campaign.store_id is not None:
        for visit in stores.check_ins_between(since, now + timedelta(seconds=1)):
            if visit.store_id == campaign.store_id and visit.member_id in arms:
                tally = tallies[arms[visit.member_id]]
                tally.check_ins += 1
                tally.converted.add(visit.member_id)
                if visit.touchpoint_id == campaign.touchpoint_id:
                    tally.through_touchpoint += 1
    if campaign.store_id is not None or campaign.channel == "appointments":
        for member_id, store_id in stores.appointments_starting_between(
            since, since + timedelta(days=3650)
        ):
            at_target = campaign.store_id is None or store_id == campaign.store_id
            if at_target and member_id in arms:
                tally = tallies[arms[member_id]]
                tally.appointments += 1
                tally.converted.add(member_id)
    for member_id, _entry in LocalPromotionsClient(session).redeemed_from(
        coupon_source(campaign.id)
    ):
        if member_id in arms:
            tallies[arms[member_id]].coupons_redeemed += 1
