"""Demo coupons: a brand-wide amount off and a regional jackets offer, in the demo
shopper's wallet (the member `demo-shopper` logs in as) and a few hundred others'."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.members.models import Member
from services.members.wechat import DevWeChatProvider
from services.promotions.models import Coupon
from services.promotions.service import issue

DEMO_SHOPPER_CODE = "demo-shopper"


def demo_shopper(session: Session, now: datetime) -> int:
    """The member the dev login code ``demo-shopper`` signs in as (created if missing)."""
    openid = DevWeChatProvider().code2session(DEMO_SHOPPER_CODE).openid
    found = session.scalar(select(Member.id).where(Member.openid == openid))
    if found is not None:
        return found
    member = Member(openid=openid, name="Demo Shopper", joined_at=now, points=0)
    session.add(member)
    session.flush()
    return member.id


def seed_coupons(session: Session, regions: dict[str, int], now: datetime) -> int:
    """Two coupons, issued to the demo shopper and the first 300 members; returns issued."""
    # Valid from the seed's day for a year, so `make up` shows them usable.
    until = now + timedelta(days=365)
    brand = Coupon(
        name="20 yuan off 199",
        kind="amount_off",
        amount_off_fen=2000,
        min_spend_fen=19900,
        valid_from=now,
        valid_until=until,
    )
    jackets = Coupon(
        name="East China: 15% off jackets (up to 100 yuan)",
        kind="percent_off",
        percent_off=15,
        max_off_fen=10000,
        valid_from=now,
        valid_until=until,
        region_ids=[regions["east"]],
        categories=["jackets"],
        channels=["mini_program", "qr", "store_assisted", "guide_share", "campaign"],
    )
    session.add_all([brand, jackets])
    session.flush()
    members = [demo_shopper(session, now)]
    members += list(session.scalars(select(Member.id).order_by(Member.id).limit(300)))
    issued = 0
    for coupon in (brand, jackets):
        result = issue(
            session=session, coupon_id=coupon.id, member_ids=members, source="seed", now=now
        )
        issued += result.issued
    return issued
