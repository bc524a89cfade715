"""Give an order's money and stock back (cancel after payment, expiry, late payment)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from orders import notices
from orders.models import Order
from services.payments.client import LocalPaymentsClient, refundable


def release_stock(session: Session, order: Order) -> None:
    """Return the order's held or allocated units (a second call changes nothing)."""
    if order.reservation_id is not None:
        LocalInventoryClient(session).release(order.reservation_id)


def refund_all(session: Session, order: Order, *, reason: str) -> None:
    """Refund whatever was paid and not yet refunded; the gateway is called after commit."""
    remaining = refundable(paid_fen=order.total_fen, refunded_fen=order.refunded_fen)
    if remaining == 0:
        return
    LocalPaymentsClient(session).request_refund(
        order_ref=order.number, amount_fen=remaining, reason=reason
    )
    order.refunded_fen = order.total_fen
    notices.refunded_to_shopper(session, order, amount_fen=remaining)
