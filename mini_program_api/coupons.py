"""The signed-in shopper's coupon wallet."""

from __future__ import annotations

from fastapi import APIRouter

from services.platform.db import utcnow
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import UowDep
from services.promotions.schemas import WalletCoupon
from services.promotions.wallet import wallet

router = APIRouter(tags=["coupons"])


@router.get("/coupons", response_model=list[WalletCoupon])
def my_coupons(shopper: CurrentShopper, uow: UowDep) -> list[WalletCoupon]:
    """Usable coupons first (soonest to lapse first), then upcoming, redeemed and expired.

    A coupon's ``id`` here is what checkout takes as ``coupon_id``.
    """
    return wallet(session=uow.session, member_id=shopper.subject, now=utcnow())
