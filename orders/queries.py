"""Reading orders: a shopper's own, a store's pickup queue; others' are simply not found."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orders import pickup_codes
from orders.models import Order
from orders.schemas import OrderRead, PaymentInfo, PickupPass
from services.payments.client import LocalPaymentsClient
from services.platform.errors import NotFound
from services.platform.settings import get_settings

QUEUE_STATUSES = ("paid", "preparing", "ready_for_pickup")


def _not_found(number: str) -> NotFound:
    return NotFound(f"order {number} does not exist", code="order_not_found")


def for_member(*, session: Session, member_id: int, number: str, lock: bool = False) -> Order:
    """The member's order, or NotFound (also when it is someone else's)."""
    query = select(Order).where(Order.number == number, Order.member_id == member_id)
    order = session.scalars(query.with_for_update() if lock else query).first()
    if order is None:
        raise _not_found(number)
    return order


def for_store(*, session: Session, store_id: int, number: str, lock: bool = False) -> Order:
    """The store's pickup order, or NotFound (also when it belongs to another store)."""
    query = select(Order).where(Order.number == number, Order.store_id == store_id)
    order = session.scalars(query.with_for_update() if lock else query).first()
    if order is None:
        raise _not_found(number)
    return order


def by_number(*, session: Session, number: str, lock: bool = False) -> Order | None:
    query = select(Order).where(Order.number == number)
    return session.scalars(query.with_for_update() if lock else query).first()


def pickup_pass(order: Order) -> PickupPass | None:
    """The code and signed QR, only while the order waits at the counter."""
    if order.status != "ready_for_pickup" or order.pickup_code is None:
        return None
    settings = get_settings()
    keys = {k: v.get_secret_value() for k, v in settings.qr_signing_keys.items()}
    qr = pickup_codes.sign(
        order.number, order.pickup_code_version, key_id=settings.qr_active_key_id, keys=keys
    )
    return PickupPass(code=order.pickup_code, qr=qr, collect_by=order.collect_by)


def read(session: Session, order: Order, *, shopper: bool, with_payment: bool = False) -> OrderRead:
    """The order as its shopper (with the pickup pass) or its store (without) sees it."""
    result = OrderRead.model_validate(order)
    if shopper:
        result.pickup = pickup_pass(order)
    if with_payment:
        payment = LocalPaymentsClient(session).current(order.number)
        if payment is not None:
            result.payment = PaymentInfo(
                gateway=payment.gateway,
                intent_id=payment.intent_id,
                client_secret=payment.client_secret if order.status == "pending_payment" else None,
                status=payment.status,
            )
    return result


def list_for_member(
    *, session: Session, member_id: int, offset: int, limit: int
) -> tuple[list[OrderRead], int]:
    """The member's orders, newest first."""
    where = Order.member_id == member_id
    total = session.scalar(select(func.count()).select_from(Order).where(where)) or 0
    rows = session.scalars(
        select(Order).where(where).order_by(Order.id.desc()).offset(offset).limit(limit)
    ).all()
    return [read(session, o, shopper=True) for o in rows], total


def store_queue(
    *, session: Session, store_id: int, offset: int, limit: int
) -> tuple[list[OrderRead], int]:
    """The store's pickup orders to work on (paid, preparing, ready), oldest first."""
    where = (Order.store_id == store_id) & Order.status.in_(QUEUE_STATUSES)
    total = session.scalar(select(func.count()).select_from(Order).where(where)) or 0
    rows = session.scalars(
        select(Order).where(where).order_by(Order.id).offset(offset).limit(limit)
    ).all()
    return [read(session, o, shopper=False) for o in rows], total
