"""The checkout preview: what an order placed from this cart would cost now."""

from __future__ import annotations

from fastapi import APIRouter

from mini_program_api.journey_notes import Noted
from orders import preview
from orders.schemas import CheckoutPreview, CheckoutPriceRead
from services.platform import adb
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import AsyncRedisDep, PoolDep
from services.promotions import limits as coupon_limits

router = APIRouter(tags=["orders"])


@router.post("/checkout/preview", response_model=CheckoutPriceRead)
@answers(
    "sku_not_found",
    "quantity_too_large",
    "purchase_limit_exceeded",
    "coupon_not_found",
    "coupon_unavailable",
    "coupon_not_applicable",
    "coupon_rate_limited",
    "touchpoint_not_scanned",
    "guide_mismatch",
    "guide_not_found@422",
    "guide_not_at_store",
    "guide_unverified",
    "share_malformed",
    "share_forged",
)
async def preview_checkout(
    body: CheckoutPreview,
    shopper: CurrentShopper,
    pool: PoolDep,
    redis: AsyncRedisDep,
    note: Noted,
) -> CheckoutPriceRead:
    # Reads only, on the event loop like placing (same snapshot read, same price).
    if body.coupon_id is not None:
        await coupon_limits.check_tries(redis, member_id=shopper.subject, settings=get_settings())
    async with adb.connection(pool, get_settings()) as connection:
        priced = await preview.preview(
            connection, member_id=shopper.subject, body=body, now=utcnow()
        )
    note("checkout_previewed", at=utcnow(), member_id=shopper.subject, store_id=body.store_id)
    return priced
