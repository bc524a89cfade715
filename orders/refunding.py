"""Give an order's money, points and stock back (cancel after payment, expiry, late payment)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from orders import member_points, notices
from orders.models import Order
from services.payments.client import LocalPaymentsClient, refundable
from services.promotions.client import LocalPromotionsClient


def release_stock(session: Session, order: Order) -> None:
    """Return the order's held or allocated units (a second call changes nothing)."""
    if order.reservation_id is not None:
        LocalInventoryClient(session).release(order.reservation_id)


def give_back_discounts(session: Session, order: Order) -> None:
    """An order that expired or was cancelled gives back the coupon it redeemed and its points.

    The one place this happens (cancel, both expiries), in the transaction that
    moves the order; a second call gives back nothing.
    """
    LocalPromotionsClient(session).release_for_order(order.number)
    member_points.give_back_held(session, order)


def redeem_again(session: Session, order: Order) -> None:
    """A late payment revives an expired order: it takes back the coupon it gave back.

    Conflict ``coupon_unavailable`` when another order redeemed it meanwhile (the
    caller refunds the payment instead): a coupon is never used twice.
    """
    if order.coupon_id is not None:
        LocalPromotionsClient(session).redeem(
            member_id=order.member_id, member_coupon_id=order.coupon_id, order_ref=order.number
        )


def refund_all(session: Session, order: Order, *, reason: str) -> None:
    """Refund whatever was paid and not yet refunded; the gateway is called after commit."""
    remaining = refundable(paid_fen=order.total_fen, refunded_fen=order.refunded_fen)
    if remaining == 0:
        return
    LocalPaymentsClient(session).request_refund(
        order_ref=order.number, amount_fen=remaining, reason=reason
    )
    member_points.on_refund(session, order, remaining)
    order.refunded_fen = order.total_fen
    notices.refunded_to_shopper(session, order, amount_fen=remaining)
