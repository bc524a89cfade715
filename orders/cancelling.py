"""A shopper cancels before the store starts preparing: stock released, money and points back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from orders import queries
from orders.models import Order
from orders.refunding import give_back_discounts, refund_all, release_stock
from orders.states import CANCELLABLE, move
from services.payments.client import LocalPaymentsClient
from services.platform.errors import Conflict


def cancel(*, session: Session, member_id: int, number: str, now: datetime) -> Order:
    """Cancel the member's order (pending payment or paid); Conflict naming the state otherwise."""
    order = queries.for_member(session=session, member_id=member_id, number=number, lock=True)
    if order.status not in CANCELLABLE:
        raise Conflict(
            f"the order is {order.status}; it cannot be cancelled any more",
            code="invalid_transition",
            details={"status": order.status, "target": "cancelled"},
        )
    was_paid = order.paid_at is not None
    move(order, "cancelled", now=now)
    release_stock(session, order)
    give_back_discounts(session, order)
    if was_paid:
        refund_all(session, order, reason="cancelled_by_shopper")
    else:
        LocalPaymentsClient(session).request_cancel(order.number)
    return order
