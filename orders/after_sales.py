"""What happens to a paid order away from the pickup counter: shipping, delivery, refunds.

Run by managers: a regional manager for the pickup orders of stores in their
regions, HQ for every order (delivery orders ship from online warehouses, which
belong to no region). Shipping hands the goods to a carrier, so on-hand drops
then; a partial refund keeps the order where it is, and the refund that
brings it to its total closes it as ``refunded``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient, Staff
from orders import member_points, notices, queries
from orders.models import Order
from orders.refunding import release_stock
from orders.schemas import RefundCreate, Shipment
from orders.states import MONEY_HELD, NOT_HANDED_OVER, WITH_SHOPPER, check_move, move
from services.payments.client import LocalPaymentsClient, check_refund, refundable
from services.platform.errors import Conflict, InvalidInput


def ship(
    *,
    session: Session,
    region_ids: tuple[int, ...] | None,
    number: str,
    shipment: Shipment,
    now: datetime,
    manager_id: int | None = None,
) -> Order:
    """A paid delivery order leaves with a carrier: on-hand drops, the shopper is told."""
    order = queries.for_manager(session=session, region_ids=region_ids, number=number, lock=True)
    move(order, "shipped", now=now)
    assert order.reservation_id is not None  # a paid order holds its allocation
    staff = Staff("manager", manager_id) if manager_id is not None else None
    LocalInventoryClient(session).fulfil(order.reservation_id, staff=staff)
    order.carrier = shipment.carrier
    order.tracking_number = shipment.tracking_number
    order.shipped_at = now
    notices.shipped_to_shopper(session, order)
    return order


def deliver(
    *, session: Session, region_ids: tuple[int, ...] | None, number: str, now: datetime
) -> Order:
    """The carrier delivered a shipped order."""
    order = queries.for_manager(session=session, region_ids=region_ids, number=number, lock=True)
    move(order, "delivered", now=now)
    member_points.earn_on_completion(session, order)
    return order


def refund(
    *,
    session: Session,
    region_ids: tuple[int, ...] | None,
    number: str,
    refund: RefundCreate,
    now: datetime,
    manager_id: int | None = None,
) -> Order:
    """Give back part or the rest of what was paid; the gateway is called after commit.

    Conflict ``not_refundable`` before payment or after a full refund,
    ``refund_too_large`` beyond what is left, ``invalid_transition`` for a full
    refund of an order on its way to the shopper (refund once it is delivered).
    Goods named as ``returned`` go back on the shelf (``return_restocked``) only
    if they had reached the shopper (409 ``not_returnable``), never more than the
    order took (409 ``return_exceeds_sold``).
    """
    order = queries.for_manager(session=session, region_ids=region_ids, number=number, lock=True)
    staff = Staff("manager", manager_id) if manager_id is not None else None
    return refund_order(session=session, order=order, refund=refund, now=now, staff=staff)


def refund_order(
    *, session: Session, order: Order, refund: RefundCreate, now: datetime, staff: Staff | None
) -> Order:
    """``refund`` on an order the caller has locked (a manager's refund, an approved return)."""
    if order.status not in MONEY_HELD:
        raise Conflict(
            f"the order is {order.status}; there is no payment left to refund",
            code="not_refundable",
            details={"status": order.status},
        )
    returned = _returned(order, refund)
    paid, refunded = order.total_fen, order.refunded_fen
    check_refund(amount_fen=refund.amount_fen, paid_fen=paid, refunded_fen=refunded)
    full = refund.amount_fen == refundable(paid_fen=paid, refunded_fen=refunded)
    if full:
        check_move(order.fulfilment, order.status, "refunded")
    LocalPaymentsClient(session).request_refund(
        order_ref=order.number, amount_fen=refund.amount_fen, reason=refund.reason
    )
    member_points.on_refund(session, order, refund.amount_fen)
    order.refunded_fen += refund.amount_fen
    if returned:
        assert order.reservation_id is not None  # handed over: it held an allocation
        LocalInventoryClient(session).restock(order.reservation_id, returned, staff=staff)
    notices.refunded_to_shopper(session, order, amount_fen=refund.amount_fen)
    if full:
        if order.status in NOT_HANDED_OVER:
            release_stock(session, order)
        move(order, "refunded", now=now)
    return order


def _returned(order: Order, refund: RefundCreate) -> dict[int, int]:
    """The returned units per SKU; Conflict unless the goods had reached the shopper."""
    returned: dict[int, int] = {}
    for line in refund.returned:
        if line.sku_id in returned:
            raise InvalidInput(
                "each SKU may appear once", code="repeated_sku", details={"sku_id": line.sku_id}
            )
        returned[line.sku_id] = line.quantity
    if returned and order.status not in WITH_SHOPPER:
        raise Conflict(
            f"the order is {order.status}; its goods have not reached the shopper",
            code="not_returnable",
            details={"status": order.status},
        )
    return returned
