"""Races forced with a barrier: the last units go to exactly as many buyers as there are units."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from inventory import reservations
from inventory.models import Reservation, Sku, Stock
from orders import placing
from orders.models import Order
from orders.schemas import OrderCreate
from services.platform import adb
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from stores.client import store_directory
from tests import aio, factories
from tests.shop import live_reserved, open_shop, stock_of

THREADS = 50
ROUNDS = 20


@pytest.fixture
def wide_pool(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Enough pooled connections that every thread really runs at once."""
    from tests.conftest import _clear_caches

    monkeypatch.setenv("O2O_DB_POOL_SIZE", str(THREADS + 5))
    # These races are about stock: the same shoppers buy round after round without paying.
    monkeypatch.setenv("O2O_OPEN_ORDERS_PER_MEMBER", "1000")
    _clear_caches()
    return db


def _race(n: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run ``attempt(i)`` in ``n`` threads released together; results or exceptions."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = attempt(i)
        except Exception as exc:  # collected and asserted on below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


async def _order(
    member_id: int, store_id: int, lines: dict[int, int], connection: adb.Connection
) -> str:
    """An order placed as the API places it (async, one transaction on its own connection)."""
    body = OrderCreate(
        fulfilment="pickup",
        store_id=store_id,
        lines=[{"sku_id": sku, "quantity": qty} for sku, qty in lines.items()],
    )
    placed = await placing.place(connection, member_id=member_id, body=body, now=utcnow())
    return str(placed.order["number"])


@pytest.mark.slow
def test_fifty_buyers_for_the_last_ten_units_exactly_ten_win(wide_pool: dict[str, str]) -> None:
    shop = open_shop(units=10)
    members = [factories.member().id for _ in range(THREADS)]
    for round_ in range(ROUNDS):
        product = factories.product()
        with UnitOfWork() as uow:
            sku_id = uow.session.scalars(select(Sku.id).where(Sku.product_id == product.id)).one()
        factories.stock(shop.location_id, sku_id, 10)

        async def attempt(
            i: int, connection: adb.Connection, _redis: Any, sku: int = sku_id
        ) -> str:
            return await _order(members[i], shop.store_id, {sku: 1}, connection)

        results = aio.together(THREADS, attempt)

        won = [r for r in results if isinstance(r, str)]
        lost = [r for r in results if not isinstance(r, str)]
        assert len(won) == 10, (round_, lost[:3])
        assert all(isinstance(r, Conflict) and r.code == "out_of_stock" for r in lost), lost[:3]
        on_hand, reserved = stock_of(shop.location_id, sku_id)
        assert (on_hand, reserved) == (10, 10)
        assert live_reserved(shop.location_id, sku_id) == reserved
        with UnitOfWork() as uow:
            orders = uow.session.scalar(
                select(func.count()).select_from(Order).where(Order.number.in_(won))
            )
        assert orders == 10


def test_multi_line_orders_race_all_or_nothing_without_deadlock(
    wide_pool: dict[str, str],
) -> None:
    members = [factories.member().id for _ in range(40)]
    rng = random.Random(11)
    for _round in range(6):
        shop = open_shop(units=5, skus=3)  # a fresh store: 5 free units of each SKU
        store_directory().invalidate()  # seen at once, not after the directory's refresh
        a, b, c = shop.sku_ids
        carts = [{a: 1, b: 1}, {b: 1, a: 1}, {c: 2, a: 1}, {b: 2, c: 1}, {c: 1, b: 1, a: 1}]
        picks = [rng.choice(carts) for _ in members]

        async def attempt(
            i: int, connection: adb.Connection, _: Any, store: int = shop.store_id, picks=picks
        ) -> str:
            # Lines in the shopper's order: placement imposes its own (SKU) lock order.
            return await _order(members[i], store, picks[i], connection)

        results = aio.together(len(members), attempt)
        unexpected = [
            r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)
        ]
        assert unexpected == []  # no deadlock, no constraint violation
        won = [i for i, r in enumerate(results) if isinstance(r, str)]
        assert won, results[:3]  # some carts always fit in 5 units of each SKU
        for sku in (a, b, c):
            on_hand, reserved = stock_of(shop.location_id, sku)
            assert reserved == sum(picks[i].get(sku, 0) for i in won) <= on_hand
            assert live_reserved(shop.location_id, sku) == reserved


def test_multi_line_carts_are_all_or_nothing_without_deadlock(wide_pool: dict[str, str]) -> None:
    shop = open_shop(units=6, skus=3)
    a, b, c = shop.sku_ids
    rng = random.Random(7)
    carts = [
        {a: 1, b: 1},
        {b: 1, a: 1},
        {c: 2, a: 1},
        {b: 2, c: 1},
        {a: 1, b: 1, c: 1},
        {c: 1, b: 1, a: 1},
    ]
    for round_ in range(8):
        picks = [rng.choice(carts) for _ in range(40)]

        def attempt(i: int, round_: int = round_, picks: list[dict[int, int]] = picks) -> int:
            with UnitOfWork() as uow:
                # Lines in the caller's order: reserve must impose its own (SKU) lock order.
                held = reservations.reserve(
                    session=uow.session,
                    reference=f"r{round_}-{i}",
                    location_id=shop.location_id,
                    lines=dict(reversed(list(picks[i].items()))),
                    until=utcnow(),
                )
                uow.commit()
                return held.id

        results = _race(len(picks), attempt)
        unexpected = [
            r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)
        ]
        assert unexpected == []  # no deadlock, no constraint violation
        with UnitOfWork() as uow:
            for reservation_id in [r for r in results if isinstance(r, int)]:
                held = uow.session.get_one(Reservation, reservation_id)
                i = results.index(reservation_id)
                assert {line.sku_id: line.quantity for line in held.lines} == picks[i]
            for row in uow.session.scalars(
                select(Stock).where(Stock.location_id == shop.location_id)
            ):
                assert 0 <= row.reserved <= row.on_hand
                assert row.reserved == live_reserved(shop.location_id, row.sku_id)
        # Free everything for the next round.
        with UnitOfWork() as uow:
            for reservation_id in [r for r in results if isinstance(r, int)]:
                reservations.release(session=uow.session, reservation_id=reservation_id)
            uow.commit()
        assert all(stock_of(shop.location_id, sku)[1] == 0 for sku in shop.sku_ids)


@pytest.mark.parametrize("round_", range(5))
def test_one_key_sent_many_times_at_once_places_one_order(db: dict[str, str], round_: int) -> None:
    shop = open_shop(units=5)
    body = OrderCreate(
        fulfilment="pickup",
        store_id=shop.store_id,
        lines=[{"sku_id": shop.sku_ids[0], "quantity": 2}],
    )
    replay = placing.Replay(scope=f"mp:orders:{shop.member_id}", key="tap-tap", fingerprint="f")

    async def place(_i: int, connection: adb.Connection, _redis: Any) -> placing.Placed:
        return await placing.place(
            connection, member_id=shop.member_id, body=body, now=utcnow(), replay=replay
        )

    results = aio.together(12, place)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({r.order["number"] for r in results}) == 1  # every answer is the one order
    assert sum(r.payment is not None for r in results) == 1  # placed once, replayed 11 times
    with UnitOfWork() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Order)) == 1
        assert uow.session.scalar(select(func.count()).select_from(Reservation)) == 1
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 2)
    assert live_reserved(shop.location_id, shop.sku_ids[0]) == 2
