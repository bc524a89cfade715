"""The insights consumer over the owners' events: late, repeated and reordered messages end
at the figures of the latest state, and racing consumers count a row once.

Messages are built from the owners' public views through their pydantic models
(``tests/insights_events.py``) and handed to the consumer in the order each test chooses;
whatever the order, the rollups must equal ``o2o insights rebuild`` over the same rows.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from orders.events import OrdersChanged
from services.insights import rebuild, reconcile
from services.payments.events import PaymentsSettled
from services.platform.uow import UnitOfWork
from stores.events import CheckInsRecorded
from tests import factories, insights_events

PAID = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
ORDERS = OrdersChanged.TOPIC


@pytest.fixture(autouse=True)
def _db(db: dict[str, str]) -> None:
    """Every test here runs on a clean database."""


def _sql(statement: str, **params: Any) -> Any:
    with UnitOfWork() as uow:
        result = uow.session.execute(text(statement), params)
        row = result.first() if result.returns_rows else None  # type: ignore[attr-defined]
        uow.commit()
    return row


def _place(store_id: int, member_id: int, number: str) -> int:
    """An order as placement leaves it: awaiting payment, with a line of two."""
    order_id: int = _sql(
        "INSERT INTO orders.orders (number, member_id, status, fulfilment, store_id,"
        " location_id, total_fen, currency, refunded_fen, subtotal_fen, coupon_discount_fen,"
        " points_spent, points_discount_fen, points_earned, points_returned, channel,"
        " hold_until, created_at, updated_at, pickup_code_version, pickup_code_failures)"
        " VALUES (:n, :m, 'pending_payment', 'pickup', :s, 1, 1000, 'CNY', 0, 1000, 0, 0, 0,"
        " 0, 0, 'qr', :at, :at, :at, 0, 0) RETURNING id",
        n=number,
        m=member_id,
        s=store_id,
        at=PAID,
    )[0]
    _sql(
        "INSERT INTO orders.order_lines (order_id, sku_id, product_name, variant,"
        " unit_price_fen, quantity, coupon_discount_fen, points_discount_fen)"
        " VALUES (:o, 1, 'Tee', 'M', 500, 2, 0, 0)",
        o=order_id,
    )
    return order_id


def _pay(order_id: int, at: datetime = PAID) -> None:
    _sql(
        "UPDATE orders.orders SET status = 'paid', paid_at = :at WHERE id = :id", id=order_id, at=at
    )


def _store_figures(store_id: int) -> dict[str, int]:
    figures = (
        "orders", "gmv_fen", "units", "refunded_fen", "repeat_orders", "ready", "collected",
        "check_ins", "pay_wechatpay_orders", "pay_other_orders",
    )  # fmt: skip
    with UnitOfWork() as uow:
        row = uow.session.execute(
            text(
                f"SELECT {', '.join(f'sum({f})' for f in figures)} FROM insights.figures_store"
                " WHERE store_id = :s"
            ),
            {"s": store_id},
        ).one()
    return {figure: int(value) for figure, value in zip(figures, row, strict=True) if value}


def _deliver(*message_ids: int) -> None:
    """Each message to the consumer, in the order given, one transaction each."""
    for message_id in message_ids:
        with UnitOfWork() as uow:
            topic, payload = uow.session.execute(
                text("SELECT topic, payload FROM platform.outbox WHERE id = :id"),
                {"id": message_id},
            ).one()
            reconcile.apply(uow.session, message_id=message_id, topic=topic, payload=payload)
            uow.commit()


def _rebuilt(store_id: int) -> dict[str, int]:
    with UnitOfWork() as uow:
        rebuild.rebuild(uow.session)
        uow.commit()
    return _store_figures(store_id)


def test_late_and_repeated_messages_end_at_the_latest_state() -> None:
    store = factories.store(factories.region().id).id
    order_id = _place(store, factories.member().id, "LATE1")
    _pay(order_id)
    paid = insights_events.publish(ORDERS, [order_id])
    _sql("UPDATE orders.orders SET status = 'ready_for_pickup', ready_at = :at WHERE id = :id",
         id=order_id, at=PAID + timedelta(minutes=20))  # fmt: skip
    ready = insights_events.publish(ORDERS, [order_id])
    _sql("UPDATE orders.orders SET status = 'picked_up', closed_at = :at, refunded_fen = 300"
         " WHERE id = :id", id=order_id, at=PAID + timedelta(hours=3))  # fmt: skip
    collected = insights_events.publish(ORDERS, [order_id])
    _deliver(collected, paid, ready, collected, paid)
    kept = _store_figures(store)
    assert kept == {
        "orders": 1, "gmv_fen": 1000, "units": 2, "refunded_fen": 300, "ready": 1,
        "collected": 1, "pay_other_orders": 1,
    }  # fmt: skip
    assert _rebuilt(store) == kept
    _deliver(paid, ready)  # the rebuild saw them: applied already
    assert _store_figures(store) == kept


def test_a_removed_row_stays_removed_whatever_arrives_late() -> None:
    store = factories.store(factories.region().id).id
    member = factories.member().id
    kept = _sql(
        "INSERT INTO stores.check_ins (store_id, member_id, checked_in_at)"
        " VALUES (:s, :m, :at), (:s, :m, :at) RETURNING id",
        s=store,
        m=member,
        at=PAID,
    )[0]
    both = [r[0] for r in _sql_all("SELECT id FROM stores.check_ins ORDER BY id")]
    recorded = insights_events.publish(CheckInsRecorded.TOPIC, both)
    gone = [i for i in both if i != kept]
    _sql("DELETE FROM stores.check_ins WHERE id = ANY(:ids)", ids=gone)
    forgotten = insights_events.publish(CheckInsRecorded.TOPIC, removed=gone)
    _deliver(forgotten, recorded, recorded)
    assert _store_figures(store) == {"check_ins": 1}
    assert _rebuilt(store) == {"check_ins": 1}


def _sql_all(statement: str, **params: Any) -> list[Any]:
    with UnitOfWork() as uow:
        return list(uow.session.execute(text(statement), params))


def test_a_payment_arriving_after_its_order_moves_the_order_to_its_method() -> None:
    store = factories.store(factories.region().id).id
    order_id = _place(store, factories.member().id, "PAY1")
    _pay(order_id)
    payment = _sql(
        "INSERT INTO payments.payments (order_ref, attempt, gateway, amount_fen, currency,"
        " status, refunded_fen, created_at, updated_at)"
        " VALUES ('PAY1', 1, 'wechatpay', 1000, 'CNY', 'succeeded', 0, now(), now())"
        " RETURNING id"
    )[0]
    paid = insights_events.publish(ORDERS, [order_id])
    settled = insights_events.publish(PaymentsSettled.TOPIC, [payment])
    _deliver(paid)
    assert _store_figures(store)["pay_other_orders"] == 1
    _deliver(settled, paid)
    figures = _store_figures(store)
    assert figures["pay_wechatpay_orders"] == 1 and "pay_other_orders" not in figures
    assert _rebuilt(store) == figures


def test_an_earlier_order_arriving_late_makes_the_later_one_a_repeat() -> None:
    store = factories.store(factories.region().id).id
    member = factories.member().id
    first, second = _place(store, member, "REP1"), _place(store, member, "REP2")
    _pay(first)
    _pay(second, PAID + timedelta(days=5))
    first_paid = insights_events.publish(ORDERS, [first])
    second_paid = insights_events.publish(ORDERS, [second])
    _deliver(second_paid)
    assert "repeat_orders" not in _store_figures(store)
    _deliver(first_paid)
    assert _store_figures(store)["repeat_orders"] == 1
    # The earlier order taken away (removed): the later one is no repeat any more.
    gone = insights_events.publish(ORDERS, removed=[first])
    _deliver(gone, first_paid)
    figures = _store_figures(store)
    assert figures["orders"] == 1 and "repeat_orders" not in figures


def test_consumers_released_together_count_each_order_once() -> None:
    store = factories.store(factories.region().id).id
    member = factories.member().id
    first, second = _place(store, member, "RACE1"), _place(store, member, "RACE2")
    _pay(first)
    _pay(second)
    both = [first, second]
    _deliver(insights_events.publish(ORDERS, both))  # counted once before the race
    _sql("UPDATE orders.orders SET refunded_fen = 300 WHERE id = ANY(:ids)", ids=both)
    # Different messages naming both orders in opposite orders, and one message twice.
    messages = [insights_events.publish(ORDERS, both, reverse=i % 2 == 1) for i in range(6)]
    messages += messages[:2]
    barrier = threading.Barrier(len(messages))
    errors: list[BaseException] = []

    def consume(message_id: int) -> None:
        try:
            barrier.wait()
            _deliver(message_id)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=consume, args=(m,)) for m in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    figures = _store_figures(store)
    assert figures["orders"] == 2
    assert figures["gmv_fen"] == 2000
    assert figures["units"] == 4
    assert figures["refunded_fen"] == 600
    assert "repeat_orders" not in figures  # paid at the same moment: neither is earlier
