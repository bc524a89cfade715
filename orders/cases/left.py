"""What a return or exchange may still take back: one rule, checked when the shopper opens
the case and again when staff approve it (the order may have moved in between)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from orders.cases.money import SoldLine, return_amount
from orders.models import Order
from services.payments.client import check_refund
from services.platform.errors import Conflict


def sold_lines(order: Order) -> list[SoldLine]:
    return [
        SoldLine(
            line.sku_id,
            line.quantity,
            line.unit_price_fen,
            line.coupon_discount_fen,
            line.points_discount_fen,
        )
        for line in order.lines
    ]


def check_left(session: Session, order: Order, *, kind: str, units: Mapping[int, int]) -> int:
    """The fen the ``units`` were paid; Conflict when the case asks more than is left.

    ``return_exceeds_sold``: more units of a SKU than the order took, less those already
    brought back (an approved return or exchange); ``not_refundable``: a return of units
    nothing was paid for; ``refund_too_large``: units paid for more than is left to refund
    (``check_refund``, the refund's own rule: a manager refunded them already).
    """
    left = (
        LocalInventoryClient(session).returnable(order.reservation_id)
        if order.reservation_id is not None
        else {}
    )
    for sku_id, quantity in sorted(units.items()):
        if quantity > left.get(sku_id, 0):
            raise Conflict(
                "more units than the order took, counting those already brought back",
                code="return_exceeds_sold",
                details={"sku_id": sku_id, "returnable": left.get(sku_id, 0)},
            )
    amount = return_amount(sold_lines(order), units)
    if kind == "return" and amount <= 0:
        raise Conflict("nothing was paid for these lines", code="not_refundable")
    if amount > 0:
        check_refund(amount_fen=amount, paid_fen=order.total_fen, refunded_fen=order.refunded_fen)
    return amount
