"""A small planted purchase history for the recommender's tests: tents go with sleeping
bags, rain jackets with beanies (a consumable category), and one product everyone buys."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from inventory.models import Product, Sku
from orders.models import Order, OrderLine
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests import factories

_numbers = itertools.count(1)


@dataclass
class Planted:
    store_id: int
    location_id: int
    #: product id -> its one SKU
    sku: dict[str, int]
    product: dict[str, int]
    #: bought the tent only: the sleeping bag should come first for them
    tent_buyer: int
    #: bought nothing
    newcomer: int


def product(
    name: str, *, category: str = "camping", units: int = 10, location_id: int
) -> tuple[int, int]:
    n = next(_numbers)
    saved = factories._save(Product(code=f"RP{n}", name=name, category=category))
    sku = factories._save(Sku(code=f"RP{n}-0", product_id=saved.id, variant="One", price_fen=9900))
    factories.stock(location_id, sku.id, units)
    return saved.id, sku.id


def paid_order(
    member_id: int, store_id: int, sku_ids: list[int], *, at: datetime, status: str = "picked_up"
) -> str:
    """A paid order written as it stands (its number)."""
    with UnitOfWork() as uow:
        order = Order(
            number=f"RH{next(_numbers):08d}",
            member_id=member_id,
            status=status,
            fulfilment="pickup",
            store_id=store_id,
            location_id=1,
            total_fen=9900 * len(sku_ids),
            currency="CNY",
            refunded_fen=0,
            subtotal_fen=9900 * len(sku_ids),
            coupon_discount_fen=0,
            points_spent=0,
            points_discount_fen=0,
            points_earned=0,
            points_returned=0,
            channel="mini_program",
            hold_until=at,
            created_at=at,
            paid_at=at,
            closed_at=at + timedelta(hours=1) if status == "picked_up" else None,
        )
        order.lines = [
            OrderLine(
                sku_id=sku,
                product_name="planted",
                variant="One",
                unit_price_fen=9900,
                quantity=1,
                coupon_discount_fen=0,
                points_discount_fen=0,
            )
            for sku in sku_ids
        ]
        uow.session.add(order)
        uow.commit()
        return order.number


def plant(*, pairs: int = 8) -> Planted:
    region = factories.region()
    store = factories.store(region.id)
    location = factories.location(store_id=store.id)
    made = {
        "tent": product("Tent", location_id=location.id),
        "sleeping_bag": product("Sleeping Bag", location_id=location.id),
        "rain_jacket": product("Rain Jacket", location_id=location.id),
        "beanie": product("Beanie", category="accessories", location_id=location.id),
        "bottle": product("Water Bottle", location_id=location.id),
    }
    sku = {k: v[1] for k, v in made.items()}
    earlier = utcnow() - timedelta(days=20)
    for i in range(pairs):
        camper, hiker = factories.member(), factories.member()
        paid_order(camper.id, store.id, [sku["tent"]], at=earlier + timedelta(hours=i))
        paid_order(camper.id, store.id, [sku["sleeping_bag"]], at=earlier + timedelta(days=1))
        paid_order(hiker.id, store.id, [sku["rain_jacket"], sku["beanie"]], at=earlier)
    for _ in range(pairs + 2):  # the bottle: what everyone nearby buys
        paid_order(factories.member().id, store.id, [sku["bottle"]], at=earlier)
    tent_buyer = factories.member()
    paid_order(tent_buyer.id, store.id, [sku["tent"]], at=earlier + timedelta(days=2))
    return Planted(
        store.id,
        location.id,
        sku,
        {k: v[0] for k, v in made.items()},
        tent_buyer.id,
        factories.member().id,
    )


def product_ids_of(sku_ids: list[int]) -> list[int]:
    with UnitOfWork() as uow:
        return list(uow.session.scalars(select(Sku.product_id).where(Sku.id.in_(sku_ids))))
