"""Which cases staff see: a guide their store's, a manager their regions' (HQ all)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from orders.cases import views
from orders.cases.acting import CaseStaff
from orders.cases.models import ServiceCase
from orders.cases.schemas import CaseRead
from orders.cases.states import allowed
from orders.models import Order
from stores.client import LocalStoresClient


def _scoped(session: Session, staff: CaseStaff) -> Select[Any]:
    query = select(ServiceCase)
    if staff.role == "guide":
        return query.where(ServiceCase.store_id == staff.store_id)
    if staff.region_ids is None:
        return query
    stores = LocalStoresClient(session).store_ids_in(staff.region_ids)
    return query.where(ServiceCase.store_id.in_(stores))


def for_staff(
    *,
    session: Session,
    staff: CaseStaff,
    open_only: bool,
    now: datetime,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[CaseRead], int]:
    """Escalated first, then by deadline: what most needs someone comes first."""
    query = _scoped(session, staff)
    if open_only:
        query = query.where(ServiceCase.status == "open")
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(ServiceCase.escalated_at.is_(None), ServiceCase.due_at, ServiceCase.id)
        .offset(offset)
        .limit(limit)
    )
    return [views.read(session, case, now=now) for case in rows], total


class QueuedCase(NamedTuple):
    """An open case as the guide's day queue shows it."""

    id: int
    kind: str
    member_id: int
    opened_at: datetime
    due_at: datetime
    overdue: bool
    next_step: str
    order_number: str | None = None


def open_cases(*, session: Session, store_id: int, now: datetime) -> list[QueuedCase]:
    """The store's open cases: first ``contact`` the shopper, then the step that closes it."""
    rows = session.execute(
        select(ServiceCase, Order.number)
        .outerjoin(Order, Order.id == ServiceCase.order_id)
        .where(ServiceCase.store_id == store_id, ServiceCase.status == "open")
        .order_by(ServiceCase.due_at)
        .limit(200)
    )
    return [
        QueuedCase(
            id=c.id,
            kind=c.kind,
            member_id=c.member_id,
            opened_at=c.created_at,
            due_at=c.due_at,
            overdue=c.acted_at is None and now >= c.due_at,
            next_step="contact" if c.acted_at is None else allowed(c.kind, c.status)[1],
            order_number=number,
        )
        for c, number in rows
    ]


class CaseCounts(NamedTuple):
    open: int
    overdue: int


def counts_by_store(
    *, session: Session, store_ids: list[int] | None, now: datetime
) -> dict[int | None, CaseCounts]:
    """Open and overdue (unanswered past due) cases per store; ``None`` stores: every one."""
    late = (ServiceCase.acted_at.is_(None)) & (ServiceCase.due_at <= now)
    query = select(ServiceCase.store_id, func.count(), func.count().filter(late)).where(
        ServiceCase.status == "open"
    )
    if store_ids is not None:
        query = query.where(ServiceCase.store_id.in_(store_ids))
    rows = session.execute(query.group_by(ServiceCase.store_id))
    return {store: CaseCounts(n, overdue) for store, n, overdue in rows}
