"""The webhook's fast lanes are the SQL form of the pure decisions, and agree with them.

Every order status and every payment status (amount right or wrong) is tried on
the fast lane, rolled back each time: it takes exactly the cases the decision
calls usual (``decide_success`` "paid", ``accept`` "settled"); the rest are left
to the full path, which calls the decisions themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from orders.models import Order
from orders.payment_events import apply_usual_success
from orders.states import STATUSES, decide_success
from services.payments import success
from services.payments.decisions import accept
from services.payments.events import PaymentEvent
from services.payments.models import PAYMENT_STATUSES, Payment
from services.platform import adb
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests import aio
from tests.shop import open_shop, place_order


class _RollBack(Exception):
    def __init__(self, result: bool) -> None:
        self.result = result


def _rolled_back(step: Any) -> bool:
    """What ``step(connection)`` returned, inside a transaction that is then rolled back."""

    async def work(connection: adb.Connection, _redis: Any) -> bool:
        try:
            async with adb.transaction(connection):
                raise _RollBack(await step(connection))
        except _RollBack as done:
            return done.result

    return bool(aio.run(work))


def _set(model: Any, number: str, **values: Any) -> None:
    column = model.number if model is Order else model.order_ref
    with UnitOfWork() as uow:
        uow.session.execute(update(model).where(column == number).values(**values))
        uow.commit()


def test_orders_fast_lane_pays_exactly_where_decide_success_says_paid(db: dict[str, str]) -> None:
    shop = open_shop(units=len(STATUSES))
    for status in STATUSES:
        number = place_order(shop)  # its hold stands
        _set(Order, number, status=status)
        event = PaymentEvent(
            kind="succeeded", order_ref=number, payment_id=0, amount_fen=1, refunded_fen=0
        )
        paid = _rolled_back(lambda connection, e=event: apply_usual_success(connection, e))
        assert paid is (decide_success(status=status, hold_stands=True) == "paid"), status


def test_payments_fast_lane_settles_exactly_what_accept_calls_settled(db: dict[str, str]) -> None:
    shop = open_shop(units=1)
    number = place_order(shop)  # pending, its hold stands: orders' handler accepts
    intents = [
        {"amount": shop.price_fen, "amount_received": shop.price_fen, "currency": "cny"},
        {"amount": shop.price_fen, "amount_received": shop.price_fen - 1, "currency": "cny"},
        {"amount": shop.price_fen, "currency": "usd"},
    ]
    for status in PAYMENT_STATUSES:
        _set(Payment, number, status=status)
        for i, fields in enumerate(intents):
            obj = {"id": f"pi_{number}", **fields}
            settled = _rolled_back(
                lambda connection, o=obj, e=f"evt_{status}_{i}": success._usual_success(
                    connection, e, o, utcnow()
                )
            )
            expected = accept(status=status, amount_fen=shop.price_fen, currency="CNY", intent=obj)
            assert settled is (expected == "settled"), (status, fields)
