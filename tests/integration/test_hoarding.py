"""A hoarder's open unpaid orders stop at the cap, even when placed all at once."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from orders import placing
from orders.models import Order
from orders.schemas import OrderCreate
from services.platform import adb
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from tests import aio, factories
from tests.shop import open_shop, place_order

THREADS = 8
ROUNDS = 6


def _open_orders(member_id: int) -> int:
    with UnitOfWork() as uow:
        return int(
            uow.session.scalar(
                select(func.count())
                .select_from(Order)
                .where(Order.member_id == member_id, Order.status == "pending_payment")
            )
            or 0
        )


def test_simultaneous_orders_from_one_shopper_stop_at_the_cap(db: dict[str, str]) -> None:
    cap = get_settings().open_orders_per_member
    assert cap == 3  # the default this test is about
    shop = open_shop(units=THREADS * ROUNDS)
    body = OrderCreate(
        fulfilment="pickup",
        store_id=shop.store_id,
        lines=[{"sku_id": shop.sku_ids[0], "quantity": 1}],
    )
    for round_ in range(ROUNDS):
        hoarder = factories.member().id

        async def attempt(
            i: int, connection: adb.Connection, _redis: Any, hoarder: int = hoarder
        ) -> str:
            placed = await placing.place(connection, member_id=hoarder, body=body, now=utcnow())
            return str(placed.order["number"])

        results = aio.together(THREADS, attempt)
        won = [r for r in results if isinstance(r, str)]
        lost = [r for r in results if not isinstance(r, str)]
        assert len(won) == cap, (round_, lost[:3])
        assert all(isinstance(r, Conflict) and r.code == "too_many_open_orders" for r in lost), (
            lost[:3]
        )
        assert _open_orders(hoarder) == cap
    # Another shopper still buys; the hoarder's refused attempts held no stock.
    assert place_order(shop)
    assert _open_orders(shop.member_id) == 1


def test_a_paid_or_cancelled_order_frees_a_place_under_the_cap(
    db: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("O2O_OPEN_ORDERS_PER_MEMBER", "1")
    get_settings.cache_clear()
    shop = open_shop(units=5)
    first = place_order(shop)
    with pytest.raises(Conflict) as refused:
        place_order(shop)
    assert refused.value.code == "too_many_open_orders"
    assert refused.value.details == {"open_orders": 1, "limit": 1}
    from tests.shop import payment_succeeded

    payment_succeeded(first)
    assert place_order(shop)
    get_settings.cache_clear()
