"""The store's sold-out mark (inventory.sold_out) under races forced with a barrier.

Each round, shoppers race for the last units while units come back at the same moment.
Once a round has settled: no unit sold twice, the counter equals its reservations, and
no mark is left while a unit is free (a stock return ends the mark, and a refusal read
before the return cannot set one after it). Units that come back without telling the mark
(a raw import) are refused only while the mark lives, never after.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from redis import Redis
from sqlalchemy import select, text

from inventory import ledger, reservations
from inventory.models import Reservation, Sku
from orders import checkout, placing
from orders.schemas import OrderCreate
from services.platform import adb
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from tests import aio, factories
from tests.shop import live_reserved, open_shop, stock_of

BUYERS = 24
ROUNDS = 12
UNITS = 3
MARK_MS = 300
_keys = itertools.count()


@pytest.fixture
def marked(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Enough pooled connections for every thread; a short mark; shoppers may hold many."""
    from tests.conftest import _clear_caches

    monkeypatch.setenv("O2O_DB_POOL_SIZE", str(BUYERS + 5))
    monkeypatch.setenv("O2O_OPEN_ORDERS_PER_MEMBER", "1000")
    monkeypatch.setenv("O2O_SOLD_OUT_MARK_MS", str(MARK_MS))
    _clear_caches()
    return db


def _body(store_id: int, sku_id: int) -> OrderCreate:
    return OrderCreate(
        fulfilment="pickup", store_id=store_id, lines=[{"sku_id": sku_id, "quantity": 1}]
    )


async def _buy(
    connection: adb.Connection, redis: Any, *, member_id: int, store_id: int, sku_id: int
) -> str:
    """A placement as ``POST /orders`` makes it: through the mark, then the database."""
    body = _body(store_id, sku_id)
    replay = placing.Replay(scope=f"mp:orders:{member_id}", key=f"k{next(_keys)}", fingerprint="f")

    async def place() -> placing.Placed:
        return await placing.place(
            connection, member_id=member_id, body=body, now=utcnow(), replay=replay
        )

    placed = await checkout.unless_sold_out(redis, body=body, replay=replay, place=place)
    return str(placed.order["number"])


def _buy_once(member_id: int, store_id: int, sku_id: int) -> Any:
    """One shopper alone: the order number, or the exception."""

    async def one(_i: int, connection: adb.Connection, redis: Any) -> str:
        return await _buy(connection, redis, member_id=member_id, store_id=store_id, sku_id=sku_id)

    return aio.together(1, one)[0]


def _marks(store_id: int, sku_id: int) -> tuple[bool, int]:
    """Whether the store's mark on the SKU stands, and its remaining life in ms."""
    import os

    redis = Redis.from_url(os.environ["O2O_REDIS_URL"])
    key = f"inv:soldout:{store_id}:{sku_id}"
    return bool(redis.exists(key)), int(redis.pttl(key))


def _new_sku(product_id: int) -> int:
    with UnitOfWork() as uow:
        return int(uow.session.scalars(select(Sku.id).where(Sku.product_id == product_id)).one())


def _receive(location_id: int, sku_id: int, units: int, source: str) -> None:
    """A delivery through the ledger: the units come back and the mark hears of it."""
    with UnitOfWork() as uow:
        ledger.move(
            session=uow.session,
            location_id=location_id,
            changes={sku_id: units},
            kind="receipt",
            source_type="delivery",
            source_id=source,
        )
        uow.commit()


def _settled(location_id: int, store_id: int, sku_id: int, won: int, units: int) -> int:
    """After a round: never oversold, no drift, and no mark while a unit is free."""
    on_hand, reserved = stock_of(location_id, sku_id)
    assert on_hand == units
    assert reserved == won <= on_hand
    assert live_reserved(location_id, sku_id) == reserved
    standing, _ = _marks(store_id, sku_id)
    if reserved < on_hand:
        assert not standing, "a mark outlived the units that came back"
    return on_hand - reserved


@pytest.mark.slow
def test_last_units_and_a_restock_at_once_never_oversell_nor_leave_a_mark(
    marked: dict[str, str],
) -> None:
    shop = open_shop(units=0)
    members = [factories.member().id for _ in range(BUYERS)]
    for round_ in range(ROUNDS):
        sku_id = _new_sku(factories.product().id)
        factories.stock(shop.location_id, sku_id, UNITS)
        # The first half races alone for the last units, so marks stand when the rest race
        # with the delivery; a delivery of a round's size, or none every third round.
        restock = 0 if round_ % 3 == 2 else 1 + round_ % 4

        async def first(i: int, connection: adb.Connection, redis: Any, sku: int = sku_id) -> str:
            return await _buy(
                connection, redis, member_id=members[i], store_id=shop.store_id, sku_id=sku
            )

        early = aio.together(BUYERS // 2, first)

        async def second(
            i: int,
            connection: adb.Connection,
            redis: Any,
            sku: int = sku_id,
            n: int = restock,
            source: str = f"round-{round_}",
        ) -> str | None:
            if i == 0:
                if n:
                    _receive(shop.location_id, sku, n, source)
                return None
            return await _buy(
                connection,
                redis,
                member_id=members[BUYERS // 2 + i - 1],
                store_id=shop.store_id,
                sku_id=sku,
            )

        late = aio.together(BUYERS // 2 + 1, second)
        results = early + late[1:]
        odd = [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)]
        assert odd == [], odd[:3]
        refused = [r for r in results if isinstance(r, Conflict)]
        assert all(r.code == "out_of_stock" for r in refused), refused[:3]
        won = [r for r in results if isinstance(r, str)]
        free = _settled(shop.location_id, shop.store_id, sku_id, len(won), UNITS + restock)
        # Whatever the mark saw during the race, a unit still free goes to the next buyer.
        if free:
            number = _buy_once(members[0], shop.store_id, sku_id)
            assert isinstance(number, str), (round_, number)


def test_units_back_unannounced_are_refused_only_while_the_mark_lives(
    marked: dict[str, str],
) -> None:
    shop = open_shop(units=1)
    sku_id = shop.sku_ids[0]
    members = [factories.member().id for _ in range(3)]

    def buy(member_id: int) -> Any:
        return _buy_once(member_id, shop.store_id, sku_id)

    assert isinstance(buy(members[0]), str)
    refused = buy(members[1])  # the database refuses: no unit left, and marks the SKU
    assert isinstance(refused, Conflict) and refused.code == "out_of_stock"
    assert refused.details["reason"] == "not_enough_stock"
    standing, life = _marks(shop.store_id, sku_id)
    assert standing and 0 < life <= MARK_MS
    # A unit comes back behind the mark's back (a bulk import writing the row directly).
    with UnitOfWork() as uow:
        uow.session.execute(
            text(
                "UPDATE inventory.stock SET on_hand = on_hand + 1"
                " WHERE location_id = :l AND sku_id = :s"
            ),
            {"l": shop.location_id, "s": sku_id},
        )
        uow.commit()
    from_mark = buy(members[2])  # the mark still answers, with the database's own refusal
    assert isinstance(from_mark, Conflict) and from_mark.details == refused.details
    deadline = time.monotonic() + 10
    while _marks(shop.store_id, sku_id)[0] and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting for the mark to lapse, not timing anything
    assert isinstance(buy(members[2]), str)  # the unit is sold once the mark has lapsed


def test_a_cancelled_hold_ends_the_mark_at_once(marked: dict[str, str]) -> None:
    shop = open_shop(units=1)
    sku_id = shop.sku_ids[0]
    first, second = factories.member().id, factories.member().id

    def buy(member_id: int) -> Any:
        return _buy_once(member_id, shop.store_id, sku_id)

    number = buy(first)
    assert isinstance(buy(second), Conflict)
    assert _marks(shop.store_id, sku_id)[0]
    with UnitOfWork() as uow:
        held = uow.session.scalars(
            select(Reservation.id).where(Reservation.reference == number)
        ).one()
        assert reservations.release(session=uow.session, reservation_id=held)
        uow.commit()
    assert not _marks(shop.store_id, sku_id)[0]
    assert isinstance(buy(second), str)


def test_a_retry_of_a_placed_order_gets_its_answer_while_the_mark_stands(
    marked: dict[str, str],
) -> None:
    shop = open_shop(units=1)
    sku_id = shop.sku_ids[0]
    member, other = shop.member_id, factories.member().id
    body = _body(shop.store_id, sku_id)
    replay = placing.Replay(scope=f"mp:orders:{member}", key="tap-once", fingerprint="f")

    async def once(_i: int, connection: adb.Connection, redis: Any) -> str:
        async def place() -> placing.Placed:
            return await placing.place(
                connection, member_id=member, body=body, now=utcnow(), replay=replay
            )

        placed = await checkout.unless_sold_out(redis, body=body, replay=replay, place=place)
        return str(placed.order["number"])

    number = aio.together(1, once)[0]
    assert isinstance(number, str)
    refused = _buy_once(other, shop.store_id, sku_id)
    assert isinstance(refused, Conflict) and _marks(shop.store_id, sku_id)[0]
    assert aio.together(1, once)[0] == number  # the same key: the stored answer, not a refusal


def test_a_lapsing_mark_lets_one_shopper_ask_the_database_again(marked: dict[str, str]) -> None:
    from inventory import sold_out

    answer = '{"message": "not enough stock at X", "details": {"sku_id": 7, "reason": "n"}}'

    async def looks(_i: int, _connection: adb.Connection, redis: Any) -> list[bool]:
        await redis.set("inv:soldout:1:7", answer, px=MARK_MS // 4)  # in its last third
        seen = []
        for n in range(4):
            look = await sold_out.look(
                redis, store_id=1, sku_ids=[7], claim=f"c{n}", ttl_ms=MARK_MS
            )
            seen.append(look.refusal is not None)
        return seen

    # The first shopper asks the database; the others are still refused by the mark.
    assert aio.together(1, looks)[0] == [False, True, True, True]
