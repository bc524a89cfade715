"""Insights stays off the writers' path, and racing consumers count a row once.

Placing an order (unpaid, with its lines) must publish nothing for insights; paying it
publishes one message naming the order, and points moving on a member publish nothing.
Consumers released together on the same messages (and on overlapping rows in opposite
orders) must add the order to the rollups exactly once, without a deadlock.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from services.insights import reconcile
from services.platform.uow import UnitOfWork
from tests import factories

PAID = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


def _sql(statement: str, **params: Any) -> Any:
    with UnitOfWork() as uow:
        result = uow.session.execute(text(statement), params)
        row = result.first() if result.returns_rows else None  # type: ignore[attr-defined]
        uow.commit()
    return row


def _messages() -> list[tuple[int, dict[str, Any]]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            text("SELECT id, payload FROM platform.outbox WHERE topic = :t ORDER BY id"),
            {"t": reconcile.ROWS_TOPIC},
        )
        return [(r[0], r[1]) for r in rows]


def _place(store_id: int, member_id: int, number: str) -> int:
    """An order as placement leaves it: awaiting payment, with a line."""
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


def _pay(order_id: int) -> None:
    _sql(
        "UPDATE orders.orders SET status = 'paid', paid_at = :at WHERE id = :id",
        id=order_id,
        at=PAID,
    )


def _store_figures(store_id: int) -> dict[str, int]:
    figures = ("orders", "gmv_fen", "units", "refunded_fen", "repeat_orders")
    with UnitOfWork() as uow:
        row = uow.session.execute(
            text(
                f"SELECT {', '.join(f'sum({f})' for f in figures)} FROM insights.figures_store"
                " WHERE store_id = :s"
            ),
            {"s": store_id},
        ).one()
    return {figure: int(value) for figure, value in zip(figures, row, strict=True) if value}


def _consume(payload: dict[str, Any]) -> None:
    with UnitOfWork() as uow:
        reconcile.apply(uow.session, message_id=0, topic=reconcile.ROWS_TOPIC, payload=payload)
        uow.commit()


def test_placing_publishes_nothing_and_paying_names_the_order(db: dict[str, str]) -> None:
    store = factories.store(factories.region().id).id
    member = factories.member().id
    before = _messages()
    order_id = _place(store, member, "HOT1")
    _sql("UPDATE members.members SET points = points + 50 WHERE id = :m", m=member)
    assert _messages() == before
    _pay(order_id)
    assert [payload for _, payload in _messages()[len(before) :]] == [
        {"source": "orders.orders", "ids": [order_id]}
    ]


def test_consumers_released_together_count_each_order_once(db: dict[str, str]) -> None:
    store = factories.store(factories.region().id).id
    member = factories.member().id
    first, second = _place(store, member, "RACE1"), _place(store, member, "RACE2")
    _pay(first)
    _pay(second)
    assert _store_figures(store) == {}  # nothing reconciled yet (no relay ran)
    both = [first, second]
    payloads = [{"source": "orders.orders", "ids": ids} for ids in (both, both[::-1])] * 4
    _consume(payloads[0])  # counted once: the race below is over rows counted before
    _sql("UPDATE orders.orders SET refunded_fen = 300 WHERE id = ANY(:ids)", ids=both)
    barrier = threading.Barrier(len(payloads))
    errors: list[BaseException] = []

    def consume(payload: dict[str, Any]) -> None:
        try:
            barrier.wait()
            _consume(payload)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=consume, args=(p,)) for p in payloads]
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
