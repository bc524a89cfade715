"""A shopper opens a return, exchange or complaint on their own order."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orders import queries
from orders.cases import left, swaps, views
from orders.cases.models import ServiceCase
from orders.cases.money import within_window
from orders.cases.opening import open_case
from orders.cases.schemas import CaseCreate, CaseRead
from orders.cases.states import SHOPPER_KINDS
from orders.states import WITH_SHOPPER
from services.platform.errors import Conflict, RateLimited
from services.platform.settings import get_settings

#: Advisory lock class for one member's case openings (the daily cap counts under it).
_MEMBER_LOCK = 7_140_001


def open_for_order(
    *, session: Session, member_id: int, number: str, body: CaseCreate, now: datetime
) -> CaseRead:
    """Open the case; the store of a pickup order handles it, HQ a delivery order's.

    429 ``case_rate_limited`` past the daily cap; 409 ``not_returnable`` for goods
    that never reached the shopper; ``return_exceeds_sold``, ``not_refundable`` or
    ``refund_too_large`` for more than is left to bring back (``left``, the rule
    approval applies again); ``case_window_closed`` past the window (days after
    handover; a complaint before handover counts from the order),
    ``exchange_not_same_product`` for an exchange whose replacement is not another SKU of
    the same product, ``exchange_price_differs`` for one priced otherwise than what was
    paid (``swaps``).
    """
    settings = get_settings()
    order = queries.for_member(session=session, member_id=member_id, number=number)
    session.execute(select(func.pg_advisory_xact_lock(_MEMBER_LOCK, member_id)))
    today = session.scalar(
        select(func.count())
        .select_from(ServiceCase)
        .where(
            ServiceCase.member_id == member_id,
            ServiceCase.kind.in_(SHOPPER_KINDS),  # apologies opened for them do not count
            ServiceCase.created_at > now - timedelta(days=1),
        )
    )
    if (today or 0) >= settings.cases_per_member_per_day:
        raise RateLimited(
            "too many cases opened today; try again tomorrow",
            code="case_rate_limited",
            details={"max": settings.cases_per_member_per_day},
        )
    if body.kind != "complaint" and order.status not in WITH_SHOPPER:
        raise Conflict(
            f"the order is {order.status}; its goods have not reached the shopper",
            code="not_returnable",
            details={"status": order.status},
        )
    since = order.closed_at or order.created_at
    if not within_window(since=since, now=now, days=settings.case_window_days):
        raise Conflict(
            f"cases on an order open within {settings.case_window_days} days",
            code="case_window_closed",
            details={"days": settings.case_window_days},
        )
    if body.kind != "complaint":
        units = {line.sku_id: line.quantity for line in body.lines}
        left.check_left(session, order, kind=body.kind, units=units)
    lines = [line.model_dump(exclude_none=True) for line in body.lines]
    if body.kind == "exchange":
        swaps.check(session, order, lines)
    case_id = open_case(
        session,
        kind=body.kind,
        member_id=member_id,
        store_id=order.store_id,
        order_id=order.id,
        source_key=f"shopper-{order.number}-{uuid4().hex}",
        summary=body.reason,
        lines=lines,
        photo_urls=body.photo_urls,
        actor_role="shopper",
        now=now,
    )
    return views.read(session, session.get_one(ServiceCase, case_id), now=now)


def mine(*, session: Session, member_id: int, number: str, now: datetime) -> list[CaseRead]:
    """The member's cases on one of their orders, newest first."""
    order = queries.for_member(session=session, member_id=member_id, number=number)
    cases = session.scalars(
        select(ServiceCase)
        .where(ServiceCase.order_id == order.id, ServiceCase.member_id == member_id)
        .order_by(ServiceCase.id.desc())
    )
    return [views.read(session, case, now=now) for case in cases]
