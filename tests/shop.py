"""A ready-made pickup store with stock, a shopper and a guide, for order tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from inventory.models import LIVE_STATUSES, Reservation, ReservationLine, Sku, Stock
from orders import placing
from orders.schemas import OrderCreate
from services.payments import provider_events as payments
from services.payments import success
from services.payments.models import Payment
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests import aio, factories

_keys = itertools.count(1)


@dataclass
class Shop:
    region_id: int
    store_id: int
    location_id: int
    sku_ids: list[int]
    price_fen: int
    member_id: int
    guide_id: int

    def shopper(self, member_id: int | None = None) -> dict[str, str]:
        return factories.shopper_headers(member_id or self.member_id)

    def guide(self) -> dict[str, str]:
        return factories.guide_headers(self.guide_id, self.store_id)

    def order_body(self, quantity: int = 1, **extra: Any) -> dict[str, Any]:
        return {
            "fulfilment": "pickup",
            "store_id": self.store_id,
            "lines": [{"sku_id": self.sku_ids[0], "quantity": quantity}],
            **extra,
        }


def open_shop(*, units: int = 10, skus: int = 1, price_fen: int = 19900, **store: Any) -> Shop:
    region = factories.region()
    shop_store = factories.store(region.id, **store)
    location = factories.location(store_id=shop_store.id)
    product = factories.product(price_fen=price_fen, skus=skus)
    with UnitOfWork() as uow:
        sku_ids = list(
            uow.session.scalars(select(Sku.id).where(Sku.product_id == product.id).order_by(Sku.id))
        )
    for sku_id in sku_ids:
        factories.stock(location.id, sku_id, units)
    member = factories.member()
    guide = factories.guide(shop_store.id)
    return Shop(region.id, shop_store.id, location.id, sku_ids, price_fen, member.id, guide.id)


def idem() -> dict[str, str]:
    return {"Idempotency-Key": f"key-{next(_keys)}"}


def stock_of(location_id: int, sku_id: int) -> tuple[int, int]:
    """(on_hand, reserved) now."""
    with UnitOfWork() as uow:
        row = uow.session.get_one(Stock, (location_id, sku_id))
        return row.on_hand, row.reserved


def live_reserved(location_id: int, sku_id: int) -> int:
    """Units of live reservations: what the reserved counter must equal."""
    with UnitOfWork() as uow:
        return int(
            uow.session.scalar(
                select(func.coalesce(func.sum(ReservationLine.quantity), 0))
                .join(Reservation, Reservation.id == ReservationLine.reservation_id)
                .where(
                    Reservation.location_id == location_id,
                    ReservationLine.sku_id == sku_id,
                    Reservation.status.in_(LIVE_STATUSES),
                )
            )
            or 0
        )


def place_order(shop: Shop, quantity: int = 1, *, coupon_id: int | None = None) -> str:
    """A pickup order placed through the service with a (fake) provider intent attached."""
    body = OrderCreate(
        fulfilment="pickup",
        store_id=shop.store_id,
        lines=[{"sku_id": shop.sku_ids[0], "quantity": quantity}],
        coupon_id=coupon_id,
    )
    placed = aio.run(
        lambda connection, _redis: placing.place(
            connection, member_id=shop.member_id, body=body, now=utcnow()
        )
    )
    assert placed.payment is not None
    with UnitOfWork() as uow:
        payment = uow.session.get_one(Payment, placed.payment.id)
        payment.intent_id, payment.status = f"pi_{placed.order['number']}", "requires_payment"
        uow.commit()
    return str(placed.order["number"])


def payment_succeeded(number: str, *, event_id: str | None = None, lane: str = "fast") -> str:
    """The provider reports the order's intent succeeded; returns the intake outcome.

    ``fast``: as ``/webhooks/stripe`` takes it in (the async fast lane, falling back to the
    full intake when the case is unusual); ``full``: straight through ``provider_events.receive``.
    """
    with UnitOfWork() as uow:
        payment = uow.session.scalars(select(Payment).where(Payment.order_ref == number)).one()
        obj = {
            "id": payment.intent_id,
            "amount": payment.amount_fen,
            "amount_received": payment.amount_fen,
            "currency": "cny",
        }
    event_id = event_id or f"evt_{number}"
    if lane == "fast":
        return str(
            aio.run(
                lambda connection, _redis: success.receive_succeeded(
                    connection, event_id=event_id, obj=obj
                )
            )
        )
    with UnitOfWork() as uow:
        outcome = payments.receive(
            session=uow.session,
            event_id=event_id,
            event_type="payment_intent.succeeded",
            obj=obj,
        )
        uow.commit()
        return outcome
