"""The coupon a checkout applies: the member's own, applied by promotions' rule, for the price.

Whether it applies and how much it takes off is promotions' pure rule
(``promotions.client.apply``); spreading that over the lines is the price
calculation's (``orders.pricing``). Preview and placement both call ``for_price``
with the same inputs, so they agree; placement then redeems the coupon inside
``orders.place_order`` (``promotions.redeem_coupon``), where two orders cannot both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from inventory.schemas import SkuSnapshot
from orders.pricing import CouponDiscount
from services.platform.adb import Connection
from services.platform.errors import Conflict
from services.promotions.client import Cart, CartLine, Refused, apply, terms_async
from stores.client import open_store_async


async def for_price(
    connection: Connection,
    *,
    member_id: int,
    coupon_id: int | None,
    wanted: Mapping[int, int],
    snapshots: Mapping[int, SkuSnapshot],
    store_id: int | None,
    channel: str,
    now: datetime,
) -> CouponDiscount | None:
    """What the member's coupon ``coupon_id`` (a wallet entry) takes off this cart, or None.

    404 ``coupon_not_found`` (not in their wallet), 409 ``coupon_unavailable`` (an order
    holds it), 409 ``coupon_not_applicable`` with ``details.reason`` (window, channel,
    store, region, nothing in scope, minimum spend).
    """
    if coupon_id is None:
        return None
    terms = await terms_async(connection, member_id=member_id, member_coupon_id=coupon_id)
    store = await open_store_async(store_id) if store_id is not None else None
    cart = Cart(
        lines=[
            CartLine(
                sku_id=sku,
                category=snapshots[sku].category,
                amount_fen=snapshots[sku].price_fen * qty,
            )
            for sku, qty in sorted(wanted.items())
        ],
        channel=channel,
        currency=snapshots[min(wanted)].currency,
        store_id=store_id,
        region_id=store.region_id if store is not None else None,
    )
    applied = apply(terms, cart, now)
    if isinstance(applied, Refused):
        raise Conflict(
            "this coupon does not apply to this order",
            code="coupon_not_applicable",
            details={"reason": applied.reason, **applied.details},
        )
    scoped = bool(terms.sku_ids or terms.categories)
    return CouponDiscount(off_fen=applied.off_fen, sku_ids=applied.sku_ids if scoped else None)
