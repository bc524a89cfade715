"""Cart availability: whole-cart stores nearest first, partial ones marked, delivery."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from inventory.client import LocalInventoryClient
from inventory.models import Sku
from inventory.schemas import CartLine
from services.platform.errors import NotFound
from services.platform.uow import UnitOfWork
from tests import factories

NOON_SHANGHAI = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def test_complete_stores_first_then_partial_then_delivery(db: dict[str, str]) -> None:
    region = factories.region()
    near_partial = factories.store(region.id, latitude=31.231, longitude=121.471)
    far_complete = factories.store(
        region.id, latitude=31.26, longitude=121.50, pickup_ready_minutes=60
    )
    no_pickup = factories.store(
        region.id, latitude=31.2305, longitude=121.4705, pickup_enabled=False
    )
    empty = factories.store(region.id, latitude=31.232, longitude=121.472)
    sku_a, sku_b = factories.sku(), factories.sku()
    for store, stock in (
        (near_partial, (2, 0)),
        (far_complete, (2, 1)),
        (no_pickup, (5, 5)),
        (empty, (0, 0)),
    ):
        location = factories.location(store_id=store.id)
        factories.stock(location.id, sku_a, stock[0])
        factories.stock(location.id, sku_b, stock[1])
    warehouse = factories.location(code="WH-1")
    factories.stock(warehouse.id, sku_a, 100)
    factories.stock(warehouse.id, sku_b, 100)

    with UnitOfWork() as uow:
        result = LocalInventoryClient(uow.session).availability(
            [CartLine(sku_id=sku_a, quantity=2), CartLine(sku_id=sku_b, quantity=1)],
            latitude=31.23,
            longitude=121.47,
            now=NOON_SHANGHAI,
            exact=True,
        )
    assert [(o.store_id, o.complete) for o in result.pickup] == [
        (far_complete.id, True),
        (near_partial.id, False),
    ]
    complete = result.pickup[0]
    assert complete.ready_at == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
    assert result.pickup[1].ready_at is None
    assert [(line.sku_id, line.available) for line in result.pickup[1].lines] == [
        (sku_a, 2),
        (sku_b, 0),
    ]
    assert result.delivery.available and result.delivery.location_code == "WH-1"


def test_unknown_sku_is_not_found(db: dict[str, str]) -> None:
    with UnitOfWork() as uow, pytest.raises(NotFound) as caught:
        LocalInventoryClient(uow.session).availability(
            [CartLine(sku_id=424242, quantity=1)], latitude=31.2, longitude=121.4
        )
    assert caught.value.code == "sku_not_found"
    assert caught.value.details == {"sku_ids": [424242]}


def test_availability_and_placing_agree_on_what_is_on_sale(db: dict[str, str]) -> None:
    """A SKU whose product is withdrawn is on sale nowhere (availability offered it once)."""
    from orders import placing
    from orders.schemas import OrderCreate
    from services.platform.db import utcnow
    from tests import aio
    from tests.shop import open_shop

    shop = open_shop(units=5)
    withdrawn = factories.product(active=False)
    with UnitOfWork() as uow:
        sku_id = uow.session.scalars(select(Sku.id).where(Sku.product_id == withdrawn.id)).one()
    factories.stock(shop.location_id, sku_id, 5)
    cart = [CartLine(sku_id=sku_id, quantity=1)]

    with UnitOfWork() as uow, pytest.raises(NotFound) as offered:
        LocalInventoryClient(uow.session).availability(cart, latitude=31.23, longitude=121.47)
    body = OrderCreate(fulfilment="pickup", store_id=shop.store_id, lines=cart)
    [placed] = aio.together(
        1,
        lambda _i, connection, _redis: placing.place(
            connection, member_id=shop.member_id, body=body, now=utcnow()
        ),
    )
    assert isinstance(placed, NotFound)
    assert (offered.value.code, offered.value.details) == (placed.code, placed.details)
