"""Reading orders: a shopper's own, a store's pickup queue; others' are simply not found."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import SimpleNamespace
from typing import Any, Protocol

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from orders import pickup_codes
from orders.models import Order
from orders.schemas import OrderLineRead, OrderRead, PaymentInfo, PickupPass, WeChatPayParams
from orders.states import AWAITING_PAYMENT, NOT_HANDED_OVER
from services.payments.client import LocalPaymentsClient, client_params
from services.payments.schemas import PaymentRead
from services.platform.adb import Connection, fetch_one
from services.platform.db import fetch
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
        _add_payment(session, result)
    return result


def _add_payment(session: Session, result: OrderRead) -> None:
    payment = LocalPaymentsClient(session).current(result.number)
    if payment is not None:
        result.payment = payment_info(payment, order_status=result.status)


def payment_info(payment: PaymentRead, *, order_status: str) -> PaymentInfo:
    """What the shopper sees of the payment: how to pay only while the order awaits it."""
    awaiting = order_status in AWAITING_PAYMENT
    signed = client_params(payment) if awaiting else None
    return PaymentInfo(
        gateway=payment.gateway,
        intent_id=payment.intent_id,
        client_secret=payment.client_secret if awaiting else None,
        status=payment.status,
        wechat_pay=WeChatPayParams.model_validate(signed) if signed else None,
    )


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


def members_of(*, session: Session, numbers: list[str]) -> dict[str, int]:
    """Whose each order is, by number (the tablet's queue names the member of a pickup)."""
    if not numbers:
        return {}
    rows = session.execute(select(Order.number, Order.member_id).where(Order.number.in_(numbers)))
    return {number: member_id for number, member_id in rows}


# The shopper's view of one order in SQL, generated from ``OrderRead`` (and the
# pickup fields its pass needs), so it cannot drift from the schema: the sync
# read, the async read and the fast lane's paid answer all select these.
_SCALARS = [f for f in OrderRead.model_fields if f not in ("lines", "payment", "pickup")]
_LINE_PAIRS = ", ".join(f"'{f}', l.{f}" for f in OrderLineRead.model_fields)
SHOPPER_VIEW = ", ".join(f"o.{f}" for f in [*_SCALARS, "pickup_code", "pickup_code_version"]) + (
    f""",
    COALESCE((SELECT jsonb_agg(jsonb_build_object({_LINE_PAIRS}) ORDER BY l.sku_id)
              FROM orders.order_lines l WHERE l.order_id = o.id), '[]') AS lines"""
)
_MEMBER_ORDER = f"""
    SELECT {SHOPPER_VIEW}
    FROM orders.orders o WHERE o.number = %(number)s AND o.member_id = %(member_id)s
"""
_OWNS = """
    SELECT 1 AS found FROM orders.orders WHERE number = %(number)s AND member_id = %(member_id)s
"""


def shopper_view(row: Mapping[str, Any]) -> OrderRead:
    """A ``SHOPPER_VIEW`` row as the shopper reads it (pickup pass included)."""
    result = OrderRead.model_validate(row)
    result.pickup = pickup_pass(SimpleNamespace(**row))
    return result


def member_order(
    *, session: Session, member_id: int, number: str, with_payment: bool = False
) -> OrderRead:
    """The member's order as they read it, or NotFound (also when it is someone else's)."""
    rows = fetch(session, _MEMBER_ORDER, {"number": number, "member_id": member_id})
    if not rows:
        raise _not_found(number)
    result = shopper_view(rows[0])
    if with_payment:
        _add_payment(session, result)
    return result


async def for_member_async(connection: Connection, *, member_id: int, number: str) -> OrderRead:
    """``member_order`` in the caller's async connection (without the payment)."""
    row = await fetch_one(connection, _MEMBER_ORDER, {"number": number, "member_id": member_id})
    if row is None:
        raise _not_found(number)
    return shopper_view(row)


async def check_member_async(connection: Connection, *, member_id: int, number: str) -> None:
    """NotFound unless the order is the member's."""
    if await fetch_one(connection, _OWNS, {"number": number, "member_id": member_id}) is None:
        raise _not_found(number)
