"""Staff act on a case: contact, approve, decline, resolve; each step kept and told.

The case row is locked first, so two approvals of one case queue: the second sees
it closed (409 ``case_closed``) and touches neither stock nor money. Approving a
return refunds what the returned lines were paid and puts them back on the shelf
through the order's one refund path (``after_sales.refund_order``); approving an
exchange swaps the SKUs on the ledger at no charge (``inventory.client.exchange``), only
for another SKU of the same product at the price paid (``swaps``). Either approval
first checks what is left to bring back (``left``, as when the case was opened).
Closing publishes ``case.closed`` (``events``) in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient, Staff
from orders import after_sales
from orders.cases import events, history, left, swaps, views
from orders.cases.models import ServiceCase
from orders.cases.schemas import CaseRead, CaseStepCreate
from orders.cases.states import CLOSED, step
from orders.models import Order
from orders.schemas import RefundCreate, ReturnedLine
from services.platform.errors import NotFound
from stores.client import LocalStoresClient


@dataclass(frozen=True)
class CaseStaff:
    """Who acts: a guide (their store) or a manager (their regions; ``None`` = HQ)."""

    role: str
    id: int
    store_id: int | None = None
    region_ids: tuple[int, ...] | None = None


def _not_found(case_id: int) -> NotFound:
    return NotFound(f"case {case_id} not found", code="case_not_found")


def visible(session: Session, case: ServiceCase, staff: CaseStaff) -> bool:
    """A guide sees their store's cases; a manager their regions' stores'; HQ all."""
    if staff.role == "guide":
        return case.store_id is not None and case.store_id == staff.store_id
    if staff.region_ids is None:
        return True
    if case.store_id is None:  # a delivery order's case is HQ's
        return False
    return case.store_id in LocalStoresClient(session).store_ids_in(staff.region_ids)


def load(session: Session, *, case_id: int, staff: CaseStaff, lock: bool = False) -> ServiceCase:
    query = select(ServiceCase).where(ServiceCase.id == case_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    case = session.scalars(query).first()
    if case is None or not visible(session, case, staff):
        raise _not_found(case_id)
    return case


def act(
    *, session: Session, case_id: int, staff: CaseStaff, body: CaseStepCreate, now: datetime
) -> CaseRead:
    """Take ``body.action`` on the case (see the module doc)."""
    case = load(session, case_id=case_id, staff=staff, lock=True)
    target = step(case.kind, case.status, body.action)
    if body.action == "approve":
        _approve(session, case, staff=staff, now=now)
    case.status = target
    case.acted_at = case.acted_at or now
    if target in CLOSED:
        case.closed_at = now
        refunded = case.kind == "return" and target == "approved"
        case.outcome = body.outcome or ("refunded" if refunded else None)
        events.closed(session, case)
    history.record(
        session, case, action=body.action, actor_role=staff.role, actor_id=staff.id, note=body.note
    )
    session.flush()
    return views.read(session, case, now=now)


def _approve(session: Session, case: ServiceCase, *, staff: CaseStaff, now: datetime) -> None:
    assert case.order_id is not None  # returns and exchanges are opened on an order
    order = session.scalars(
        select(Order)
        .where(Order.id == case.order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    units = {int(line["sku_id"]): int(line["quantity"]) for line in case.lines}
    ledger_staff = Staff(staff.role, staff.id)
    amount = left.check_left(session, order, kind=case.kind, units=units)
    if case.kind == "return":
        after_sales.refund_order(
            session=session,
            order=order,
            refund=RefundCreate(
                amount_fen=amount,
                reason=f"return, case {case.id}",
                returned=[ReturnedLine(sku_id=s, quantity=q) for s, q in sorted(units.items())],
            ),
            now=now,
            staff=ledger_staff,
        )
        return
    swaps.check(session, order, case.lines)  # prices move: checked again at the swap
    handed = {int(line["exchange_sku_id"]): int(line["quantity"]) for line in case.lines}
    assert order.reservation_id is not None  # the goods reached the shopper
    LocalInventoryClient(session).exchange(order.reservation_id, units, handed, staff=ledger_staff)
