"""Orders as activity for other services: a member's history, placements to attribute,
a guide's credited sales."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orders.models import Order
from orders.schemas import GuideSales, OrderActivity, OrderPlacement, OrderTouch


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


def guide_sales(*, session: Session, guide_id: int, start: datetime, end: datetime) -> GuideSales:
    """Orders credited to the guide and paid in [start, end): count, value, refunds since."""
    orders, gmv, refunded, assisted = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Order.total_fen), 0),
            func.coalesce(func.sum(Order.refunded_fen), 0),
            func.count().filter(Order.channel == "store_assisted"),
        ).where(Order.guide_id == guide_id, Order.paid_at >= start, Order.paid_at < end)
    ).one()
    return GuideSales(
        orders=orders, gmv_fen=int(gmv), refunded_fen=int(refunded), assisted_orders=assisted
    )


def touches_since(
    *, session: Session, member_ids: list[int] | None, since: datetime
) -> list[OrderTouch]:
    """Orders placed since ``since`` (by these members; None: anyone): where, how, via what."""
    if member_ids is not None and not member_ids:
        return []
    query = (
        select(
            Order.member_id,
            Order.store_id,
            Order.fulfilment,
            Order.channel,
            Order.touchpoint_id,
            Order.coupon_id,
        )
        .where(Order.created_at >= since)
        .order_by(Order.id)
    )
    if member_ids is not None:
        query = query.where(Order.member_id.in_(member_ids))
    return [
        OrderTouch(
            member_id=m, store_id=s, fulfilment=f, channel=c, touchpoint_id=t, member_coupon_id=k
        )
        for m, s, f, c, t, k in session.execute(query)
    ]
