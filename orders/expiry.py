"""Deadlines: unpaid orders when the hold lapses; uncollected ones at the store's deadline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from orders import notices
from orders.models import Order
from orders.refunding import give_back_discounts, refund_all, release_stock
from orders.states import move
from services.payments.client import LocalPaymentsClient


def _due(session: Session, status: str, deadline_column, now: datetime, batch: int) -> list[Order]:
    return list(
        session.scalars(
            select(Order)
            .where(Order.status == status, deadline_column < now)
            .order_by(Order.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
    )


def expire_unpaid(*, session: Session, now: datetime, batch: int = 200) -> int:
    """Unpaid past the hold: expired, stock and points released, the open intent cancelled."""
    orders = _due(session, "pending_payment", Order.hold_until, now, batch)
    for order in orders:
        move(order, "expired", now=now)
        release_stock(session, order)
        give_back_discounts(session, order)
        LocalPaymentsClient(session).request_cancel(order.number)
    return len(orders)


def expire_uncollected(*, session: Session, now: datetime, batch: int = 200) -> int:
    """Not collected by the store's deadline: expired, refunded, stock back, shopper told."""
    orders = _due(session, "ready_for_pickup", Order.collect_by, now, batch)
    for order in orders:
        move(order, "expired", now=now)
        order.pickup_code = None
        release_stock(session, order)
        give_back_discounts(session, order)
        refund_all(session, order, reason="not_collected")
        notices.expired_to_shopper(session, order)
    return len(orders)
