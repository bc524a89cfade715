"""Orders as activity for other services: a member's history, placements to attribute."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from orders.models import Order
from orders.schemas import OrderActivity, OrderPlacement


def for_member(*, session: Session, member_id: int, limit: int) -> list[OrderActivity]:
    """The member's orders, newest first."""
    rows = session.scalars(
        select(Order)
        .where(Order.member_id == member_id)
        .order_by(Order.created_at.desc())
        .limit(limit)
    )
    return [OrderActivity.model_validate(order, from_attributes=True) for order in rows]


def placed_between(*, session: Session, start: datetime, end: datetime) -> list[OrderPlacement]:
    """Who placed an order when, in [start, end): what attribution credits to touchpoints."""
    rows = session.execute(
        select(Order.member_id, Order.created_at, Order.store_id).where(
            Order.created_at >= start, Order.created_at < end
        )
    )
    return [OrderPlacement(member_id=m, at=at, store_id=s) for m, at, s in rows]


def placement(*, session: Session, number: str) -> OrderPlacement | None:
    """Who placed the order with this number, when and for which store (None: no such order)."""
    row = session.execute(
        select(Order.member_id, Order.created_at, Order.store_id).where(Order.number == number)
    ).first()
    return None if row is None else OrderPlacement(member_id=row[0], at=row[1], store_id=row[2])
