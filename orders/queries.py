"""Reading orders: a shopper's own, a store's pickup queue; others' are simply not found."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Protocol

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from orders import pickup_codes
from orders.models import Order
from orders.schemas import OrderRead, PaymentInfo, PickupPass
from orders.states import AWAITING_PAYMENT, NOT_HANDED_OVER
from services.payments.client import LocalPaymentsClient
from services.platform.adb import Connection, fetch_one
from services.platform.errors import NotFound
from services.platform.settings import get_settings
from stores.client import LocalStoresClient


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


def for_manager(
    *, session: Session, region_ids: tuple[int, ...] | None, number: str, lock: bool = False
) -> Order:
    """An order a manager may act on, or NotFound.

    ``region_ids`` None is HQ: every order. A regional manager sees the pickup
    orders of stores in their regions; delivery orders belong to no region.
    """
    order = by_number(session=session, number=number, lock=lock)
    if order is None or not _in_regions(session, order, region_ids):
        raise _not_found(number)
    return order


def _in_regions(session: Session, order: Order, region_ids: tuple[int, ...] | None) -> bool:
    if region_ids is None:
        return True
    if order.store_id is None:
        return False
    return LocalStoresClient(session).get_store(order.store_id).region_id in region_ids


def by_number(*, session: Session, number: str, lock: bool = False) -> Order | None:
    query = select(Order).where(Order.number == number)
    return session.scalars(query.with_for_update() if lock else query).first()


class _PickupFields(Protocol):
    number: str
    status: str
    pickup_code: str | None
    pickup_code_version: int
    collect_by: datetime | None


def pickup_pass(order: _PickupFields) -> PickupPass | None:
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
                client_secret=payment.client_secret if order.status in AWAITING_PAYMENT else None,
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


def list_for_manager(
    *,
    session: Session,
    region_ids: tuple[int, ...] | None,
    status: str | None,
    fulfilment: str | None,
    store_id: int | None,
    offset: int,
    limit: int,
) -> tuple[list[OrderRead], int]:
    """Orders a manager may act on (see ``for_manager``), filtered, newest first."""
    where: list[ColumnElement[bool]] = []
    if region_ids is not None:
        where.append(Order.store_id.in_(LocalStoresClient(session).store_ids_in(region_ids)))
    if status is not None:
        where.append(Order.status == status)
    if fulfilment is not None:
        where.append(Order.fulfilment == fulfilment)
    if store_id is not None:
        where.append(Order.store_id == store_id)
    total = session.scalar(select(func.count()).select_from(Order).where(*where)) or 0
    rows = session.scalars(
        select(Order).where(*where).order_by(Order.id.desc()).offset(offset).limit(limit)
    ).all()
    return [read(session, o, shopper=False) for o in rows], total


def store_queue(
    *, session: Session, store_id: int, offset: int, limit: int
) -> tuple[list[OrderRead], int]:
    """The store's pickup orders to work on (paid, preparing, ready), oldest first."""
    where = (Order.store_id == store_id) & Order.status.in_(NOT_HANDED_OVER)
    total = session.scalar(select(func.count()).select_from(Order).where(where)) or 0
    rows = session.scalars(
        select(Order).where(where).order_by(Order.id).offset(offset).limit(limit)
    ).all()
    return [read(session, o, shopper=False) for o in rows], total


_MEMBER_ORDER = """
    SELECT o.number, o.status, o.fulfilment, o.store_id, o.delivery_address, o.total_fen,
           o.refunded_fen, o.currency, o.channel, o.touchpoint_id, o.guide_id, o.hold_until,
           o.collect_by, o.created_at, o.paid_at, o.ready_at, o.closed_at, o.pickup_code,
           o.pickup_code_version, o.carrier, o.tracking_number, o.shipped_at,
           COALESCE((SELECT jsonb_agg(jsonb_build_object(
                        'sku_id', l.sku_id, 'product_name', l.product_name,
                        'variant', l.variant, 'unit_price_fen', l.unit_price_fen,
                        'quantity', l.quantity) ORDER BY l.sku_id)
                     FROM orders.order_lines l WHERE l.order_id = o.id), '[]') AS lines
    FROM orders.orders o WHERE o.number = %(number)s AND o.member_id = %(member_id)s
"""


async def for_member_async(connection: Connection, *, member_id: int, number: str) -> OrderRead:
    """The member's order as they read it (pickup pass included), or NotFound."""
    row = await fetch_one(connection, _MEMBER_ORDER, {"number": number, "member_id": member_id})
    if row is None:
        raise _not_found(number)
    result = OrderRead.model_validate(row)
    result.pickup = pickup_pass(SimpleNamespace(**row))
    return result
