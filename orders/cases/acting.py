"""Staff act on a case: contact, approve, decline, resolve; each step kept and told.

The case row is locked first, so two approvals of one case queue: the second sees
it closed (409 ``case_closed``) and touches neither stock nor money. Approving a
return refunds what the returned lines were paid and puts them back on the shelf
through the order's one refund path (``after_sales.refund_order``); approving an
exchange swaps the SKUs on the ledger at no charge (``inventory.client.exchange``), only
for another SKU of the same product (``swaps``). Closing publishes ``case.closed``
(``events``) in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient, Staff
from orders import after_sales
from orders.cases import events, history, swaps, views
from orders.cases.models import ServiceCase
from orders.cases.money import SoldLine, return_amount
from orders.cases.schemas import CaseRead, CaseStepCreate
from orders.cases.states import CLOSED, step
from orders.models import Order
from orders.schemas import RefundCreate, ReturnedLine
from services.platform.errors import Conflict, NotFound
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
    if case.kind == "return":
        sold = [
            SoldLine(
                line.sku_id,
                line.quantity,
                line.unit_price_fen,
                line.coupon_discount_fen,
                line.points_discount_fen,
            )
            for line in order.lines
        ]
        amount = return_amount(sold, units)
        if amount <= 0:
            raise Conflict("nothing was paid for these lines", code="not_refundable")
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
    swaps.check(session, case.lines)  # opened before the rule held: still never swap across
    handed = {int(line["exchange_sku_id"]): int(line["quantity"]) for line in case.lines}
    assert order.reservation_id is not None  # the goods reached the shopper
    LocalInventoryClient(session).exchange(order.reservation_id, units, handed, staff=ledger_staff)
