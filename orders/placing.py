"""Place an order: snapshot lines, create it pending payment, reserve the cart last.

Two steps so the front door can record the idempotent response between them:
``prepare`` writes the order and its payment attempt, ``reserve`` takes the
stock with the conditional UPDATE, the last statement before commit, so the
hot stock row is locked only for the commit itself.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient, merge_lines
from orders.models import Order, OrderLine
from orders.schemas import OrderCreate
from services.payments.client import LocalPaymentsClient
from services.payments.schemas import PaymentRead
from services.platform.errors import Conflict, InvalidInput
from services.platform.settings import get_settings
from services.touchpoints.client import LocalTouchpointsClient
from stores.client import LocalStoresClient


def new_number() -> str:
    """An unguessable order number (about 72 random bits)."""
    return "O" + secrets.token_urlsafe(9).replace("-", "x").replace("_", "y")


@dataclass
class Prepared:
    order: Order
    payment: PaymentRead


def _merge(body: OrderCreate) -> dict[int, int]:
    merged = merge_lines(body.lines)
    if any(qty > 99 for qty in merged.values()):
        raise InvalidInput("at most 99 of one SKU per order", code="quantity_too_large")
    return merged


def prepare(*, session: Session, member_id: int, body: OrderCreate, now: datetime) -> Prepared:
    """Write the order (pending payment) and its first payment attempt; no stock yet."""
    inventory = LocalInventoryClient(session)
    wanted = _merge(body)
    snapshots = inventory.sku_snapshots(list(wanted))
    if body.fulfilment == "pickup":
        assert body.store_id is not None
        store = LocalStoresClient(session).open_store(body.store_id)
        if store is None or not store.pickup_enabled:
            raise Conflict(
                f"store {body.store_id} does not take pickup orders now",
                code="pickup_unavailable",
            )
        # One cheap read first: in a sell-out most attempts fail here without writing.
        location_id = inventory.pickup_location(store.id, wanted)
    else:
        location_id = inventory.delivery_location(wanted)
    touchpoint_id, guide_id = _attribution(session, member_id, body, now)
    number = new_number()
    hold_until = now + timedelta(minutes=get_settings().reservation_hold_minutes)
    # Written now, counted against stock by ``reserve`` at the very end.
    reservation = inventory.hold(
        reference=number, location_id=location_id, lines=wanted, until=hold_until
    )
    order = Order(
        number=number,
        reservation_id=reservation.id,
        member_id=member_id,
        status="pending_payment",
        fulfilment=body.fulfilment,
        store_id=body.store_id,
        location_id=location_id,
        delivery_address=body.delivery_address.model_dump() if body.delivery_address else None,
        total_fen=sum(snapshots[sku].price_fen * qty for sku, qty in wanted.items()),
        currency="CNY",
        refunded_fen=0,
        channel=body.channel,
        touchpoint_id=touchpoint_id,
        guide_id=guide_id,
        hold_until=hold_until,
        pickup_code_version=0,
        pickup_code_failures=0,
        created_at=now,
        lines=[
            OrderLine(
                sku_id=sku,
                product_name=snapshots[sku].product_name,
                variant=snapshots[sku].variant,
                unit_price_fen=snapshots[sku].price_fen,
                quantity=qty,
            )
            for sku, qty in wanted.items()
        ],
    )
    session.add(order)
    session.flush()
    payment = LocalPaymentsClient(session).start(
        order_ref=order.number, amount_fen=order.total_fen, currency=order.currency, attempt=1
    )
    return Prepared(order=order, payment=payment)


def _attribution(
    session: Session, member_id: int, body: OrderCreate, now: datetime
) -> tuple[int | None, int | None]:
    """What the caller said, else the member's last touch in the window (and its guide)."""
    if body.touchpoint_id is not None:
        return body.touchpoint_id, body.guide_id
    touch = LocalTouchpointsClient(session).last_touch(member_id, now)
    if touch is None:
        return None, body.guide_id
    return touch.touchpoint_id, body.guide_id or touch.guide_id


def reserve(*, session: Session, order: Order) -> None:
    """Count the order's hold against stock (Conflict ``out_of_stock``): call it last.

    Everything else is already written, so the hot row's lock is followed only
    by the commit.
    """
    assert order.reservation_id is not None
    session.flush()
    LocalInventoryClient(session).take(order.reservation_id)
