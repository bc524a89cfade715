"""Apply confirmed payment facts to orders (the webhook and the dev simulation share this).

Tolerates repeats and any order of arrival: ``paid_at`` marks money received
once; a success after the hold lapsed re-reserves the cart or refunds it, so
there is never a paid order without stock.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from inventory.client import checkout as stock
from orders import member_points, notices, queries
from orders.models import Order
from orders.refunding import redeem_again, refund_all, release_stock
from orders.schemas import OrderRead
from orders.states import (
    AWAITING_PAYMENT,
    MONEY_HELD,
    NOT_HANDED_OVER,
    can_move,
    decide_success,
    move,
)
from services.payments.client import (
    LocalPaymentsClient,
    PaymentEvent,
    intake,
    success,
)
from services.platform.adb import Connection, fetch_one
from services.platform.db import utcnow
from services.platform.errors import Conflict

log = structlog.get_logger(__name__)

# ``decide_success``'s "paid" in one statement: ``move`` to paid from a state that
# awaits payment (the set is built from the transition table; none is closed, so
# closed_at stays empty), while the order has a hold (confirmed next).
# It answers with the order as its shopper now reads it (the dev simulation returns it).
_PAID = f"""
    UPDATE orders.orders AS o SET status = 'paid', paid_at = %(now)s, updated_at = %(now)s
    WHERE o.number = %(number)s AND o.status = ANY(CAST(%(awaiting)s AS text[]))
      AND o.paid_at IS NULL AND o.reservation_id IS NOT NULL
    RETURNING {queries.SHOPPER_VIEW}, o.reservation_id
"""
_AWAITING = sorted(AWAITING_PAYMENT)
# The order the fast lane just paid in this task (read by ``simulate_payment``).
_paid_now: ContextVar[dict[str, Any] | None] = ContextVar("orders_paid_now", default=None)


@success.on_payment_succeeded_async
async def apply_usual_success(connection: Connection, event: PaymentEvent) -> bool:
    """The usual success on the event loop: a pending order whose hold still stands is paid.

    It is paid at ``event.at``. Anything else (repeated, late, cancelled meanwhile)
    declines: ``apply`` decides it.
    """
    params = {"number": event.order_ref, "now": event.at, "awaiting": _AWAITING}
    order = await fetch_one(connection, _PAID, params)
    if order is None or not await stock.confirm(connection, order["reservation_id"]):
        return False
    await notices.paid_to_store_async(connection, order["number"], order["store_id"])
    _paid_now.set(order)
    return True


async def simulate_payment(
    connection: Connection, *, member_id: int, number: str, at: datetime
) -> OrderRead:
    """Dev only: the member's order is paid through the webhook's path; the order as it is
    now, with its payment.

    The usual success answers with the row it paid (no read after it); when the
    full intake decided (late, repeated, cancelled meanwhile), what it did is read.
    """
    await queries.check_member_async(connection, member_id=member_id, number=number)
    token = _paid_now.set(None)
    try:
        settled = await success.simulate_success(connection, number, at=at)
        paid = settled is not None and _paid_now.get()
    finally:
        _paid_now.reset(token)
    if paid:
        order = queries.shopper_view(paid)
    else:
        order = await queries.for_member_async(connection, member_id=member_id, number=number)
    # The answer carries the payment, as ``GET /orders/{number}`` does (the usual success
    # already has it: no read after the commit).
    payment = settled if paid and settled is not None else await intake.current(connection, number)
    order.payment = queries.payment_info(payment, order_status=order.status)
    return order


def apply(session: Session, event: PaymentEvent) -> None:
    """Route one payment event to the order it belongs to (locked for the change)."""
    order = queries.by_number(session=session, number=event.order_ref, lock=True)
    if order is None:
        log.warning("payment_for_unknown_order", order_ref=event.order_ref)
        return
    if event.kind == "succeeded":
        _succeeded(session, order, event)
    elif event.kind == "refunded":
        _refunded(session, order, event)
    # failed / canceled: the hold still runs out on its own; the shopper may retry meanwhile.


def _succeeded(session: Session, order: Order, event: PaymentEvent) -> None:
    if order.paid_at is not None:
        # A repeated success, or money on a second attempt (the member paid the provider
        # as the guide took cash): that one goes back in full, the order stays as it is.
        payments = LocalPaymentsClient(session)
        if payments.refund_second_capture(order_ref=order.number, payment_id=event.payment_id):
            log.info("second_capture_refunded", order=order.number, payment=event.payment_id)
        return
    now = utcnow()
    order.paid_at = now
    hold_stands = order.status in AWAITING_PAYMENT and _confirm(session, order)
    decision = decide_success(status=order.status, hold_stands=hold_stands)
    if decision == "re-reserve" and not _reserve_again(session, order):
        decision = "refund"  # no stock left
    if decision != "refund":
        move(order, "paid", now=now)
        notices.paid_to_store(session, order)
        if decision == "re-reserve":
            log.info("late_payment_reserved_again", order=order.number)
        return
    # Cancelled meanwhile, or no stock left: the money goes back.
    if order.status in AWAITING_PAYMENT:
        release_stock(session, order)
        move(order, "expired", now=now)
    refund_all(session, order, reason="paid_without_stock")
    if can_move(order.fulfilment, order.status, "refunded"):
        move(order, "refunded", now=now)
    log.info("late_payment_refunded", order=order.number)


def _confirm(session: Session, order: Order) -> bool:
    if order.reservation_id is None:
        return False
    try:
        LocalInventoryClient(session).confirm(order.reservation_id)
    except Conflict:  # the sweeper released the hold first
        return False
    return True


def _reserve_again(session: Session, order: Order) -> bool:
    inventory = LocalInventoryClient(session)
    lines = {line.sku_id: line.quantity for line in order.lines}
    try:
        with session.begin_nested():  # a failed line must not leave the others taken
            # Points and the coupon first, as placing takes them (the member's row, the
            # coupon's, then stock rows), so a late payment and a new order of the same
            # member never wait crosswise.
            member_points.take_again(session, order)
            redeem_again(session, order)
            release_stock(session, order)
            reservation = inventory.reserve(
                reference=order.number,
                location_id=order.location_id,
                lines=lines,
                until=utcnow(),
            )
            inventory.confirm(reservation.id)
    except Conflict:  # no stock left, or the points or the coupon were taken meanwhile
        return False
    order.reservation_id = reservation.id
    member_points.held_again(order)
    return True


def _refunded(session: Session, order: Order, event: PaymentEvent) -> None:
    refunded = max(order.refunded_fen, min(event.refunded_fen, order.total_fen))
    member_points.on_refund(session, order, refunded - order.refunded_fen)
    order.refunded_fen = refunded
    # A full refund made at the provider's dashboard also closes the order, and frees goods
    # that never left the store. Not an order on its way (delivered first), and not one
    # already closed as cancelled or expired (its own refund is what came back).
    closes = order.status in MONEY_HELD and can_move(order.fulfilment, order.status, "refunded")
    if order.refunded_fen == order.total_fen and closes:
        if order.status in NOT_HANDED_OVER:
            release_stock(session, order)
        move(order, "refunded", now=utcnow())
