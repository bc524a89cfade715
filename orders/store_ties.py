"""Whether a member has dealt with a store through orders: an order for pickup there, or a
service case it handles. One of the facts that let the store's guides look the member up
(stores/member_lookups.py); read through ``LocalOrdersClient.store_ties``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from orders.cases.models import ServiceCase
from orders.models import Order


def ties(*, session: Session, member_id: int, store_id: int) -> set[str]:
    """``{"order", "service_case"}``, the kinds the member has at the store (may be empty)."""
    found: set[str] = set()
    order = select(Order.id).where(Order.member_id == member_id, Order.store_id == store_id)
    if session.scalar(order.limit(1)) is not None:
        found.add("order")
    case = select(ServiceCase.id).where(
        ServiceCase.member_id == member_id, ServiceCase.store_id == store_id
    )
    if session.scalar(case.limit(1)) is not None:
        found.add("service_case")
    return found
