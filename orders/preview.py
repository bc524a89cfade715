"""The checkout preview: a cart priced exactly as placing it would price it.

Same reads of the SKUs' snapshots, same purchase limits, same price
(``orders.pricing.price_cart``); the points asked for are "at most", clamped to the
balance as placing clamps them (``orders.member_points.usable``), and the answer says
when fewer are used; a coupon is checked by the same rule (``orders.coupons.for_price``,
after the same attribution) and refused with the same codes. A pickup cart the store
cannot cover now is a warning, worded as placing would refuse it
(``orders.stock_notes``). Nothing is written: placing redeems the coupon.
"""

from __future__ import annotations

from datetime import datetime

from inventory.client import checkout as stock
from inventory.client import merge_lines
from orders import attribution, coupons, limits, member_points, pricing, stock_notes
from orders.schemas import CheckoutPreview, CheckoutPriceRead, PreviewWarning, PricedLineRead
from services.members.client import points_balance_async
from services.platform.adb import Connection
from services.platform.errors import Conflict, DomainError
from services.platform.settings import get_settings


async def preview(
    connection: Connection, *, member_id: int, body: CheckoutPreview, now: datetime
) -> CheckoutPriceRead:
    """The cart's price for this member now (NotFound ``sku_not_found``, Conflict ...)."""
    settings = get_settings()
    wanted = merge_lines(body.lines)
    snapshots = await stock.snapshots(connection, sorted(wanted))
    limits.check_purchase_limits(wanted, snapshots, settings)
    coupon = None
    if body.coupon_id is not None:
        # The same evidence and coupon rule as placing: the channel a coupon may need.
        credited = await attribution.credit(connection, member_id=member_id, body=body, now=now)
        coupon = await coupons.for_price(
            connection,
            member_id=member_id,
            coupon_id=body.coupon_id,
            wanted=wanted,
            snapshots=snapshots,
            store_id=body.store_id,
            channel=credited.channel,
            now=now,
        )
    balance = await points_balance_async(connection, member_id=member_id)
    points = member_points.usable(asked=body.points, balance=balance)
    priced = pricing.price_cart(wanted, snapshots, points=points, coupon=coupon, settings=settings)
    warnings = await _stock_warnings(connection, member_id=member_id, body=body, wanted=wanted)
    return CheckoutPriceRead(
        lines=[
            PricedLineRead(
                sku_id=line.sku_id,
                product_name=snapshots[line.sku_id].product_name,
                variant=snapshots[line.sku_id].variant,
                unit_price_fen=line.unit_price_fen,
                quantity=line.quantity,
                line_total_fen=line.line_total_fen,
                coupon_discount_fen=line.coupon_discount_fen,
                points_discount_fen=line.points_discount_fen,
                paid_fen=line.paid_fen,
            )
            for line in priced.lines
        ],
        subtotal_fen=priced.subtotal_fen,
        coupon_discount_fen=priced.coupon_discount_fen,
        points_spent=priced.points_spent,
        points_discount_fen=priced.points_discount_fen,
        total_fen=priced.to_pay_fen,
        currency=snapshots[priced.lines[0].sku_id].currency,
        points_balance=balance,
        points_max=min(priced.points_max, balance),
        points_requested=body.points,
        points_clamped=priced.points_spent < body.points,
        points_note=_points_note(body.points, priced.points_spent, balance),
        warnings=warnings,
    )


def _points_note(asked: int, spent: int, balance: int) -> str | None:
    if spent >= asked:
        return None
    if asked > balance and spent == balance:
        return f"you have {balance} points: {spent} are used"
    return f"this cart can use at most {spent} of your points"


async def _stock_warnings(
    connection: Connection, *, member_id: int, body: CheckoutPreview, wanted: dict[int, int]
) -> list[PreviewWarning]:
    """What placing this pickup cart now would refuse for stock (advisory, like placing's)."""
    if body.store_id is None:
        return []
    try:
        await stock.pickup_cart(connection, body.store_id, wanted)
    except Conflict as exc:
        named = await stock_notes.explain(
            connection, exc, member_id=member_id, store_id=body.store_id, wanted=wanted
        )
        return [PreviewWarning(code=named.code, message=named.message, details=named.details)]
    except DomainError as exc:  # this store keeps no stock: placing refuses the same way
        return [PreviewWarning(code=exc.code, message=exc.message, details=exc.details)]
    return []
