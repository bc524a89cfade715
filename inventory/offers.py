"""What can be offered to a shopper now: products on sale, their SKUs, the units free at
one store. One statement, shared by the sync reader and the event-loop one (the
recommendations' answers), compiled from the catalog's own rules (``sellable.on_sale``,
``pricing.price_now``, ``inventory.free_units``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, and_, any_, bindparam, func, literal_column, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from inventory.models import Location, Product, Sku, Stock
from inventory.pricing import price_now
from inventory.sellable import on_sale
from services.platform import adb
from services.platform.db import fetch


@dataclass(frozen=True)
class OfferSku:
    sku_id: int
    variant: str
    price_fen: int
    purchase_limit: int | None
    #: Units free at the asked store now (``inventory.free_units``); None: no store asked.
    free: int | None


@dataclass(frozen=True)
class Offer:
    product_id: int
    name: str
    category: str
    skus: tuple[OfferSku, ...]
    #: Every SKU of the product, on sale or not (to tell whether a shopper owns it).
    all_sku_ids: frozenset[int] = frozenset()


_HERE = (
    select(Location.id)
    .where(Location.store_id == bindparam("store", type_=Integer))
    .scalar_subquery()
)
#: Every SKU of the active products among ``%(products)s``: whether it is on sale, its
#: price now and its free units at ``%(store)s``'s location (0 where it keeps none; NULL
#: store: 0). SKUs off sale come too (a shopper who bought one owns the product) and
#: are never offered.
_SKUS = (
    select(
        Product.id.label("product_id"),
        Product.name,
        Product.category,
        Sku.id.label("sku_id"),
        Sku.variant,
        price_now(),
        Sku.purchase_limit,
        func.coalesce(
            func.inventory.free_units(Stock.on_hand, Stock.reserved), literal_column("0")
        ).label("free"),
        on_sale().label("on_sale"),
    )
    .join(Product, Product.id == Sku.product_id)
    .outerjoin(Stock, and_(Stock.sku_id == Sku.id, Stock.location_id == _HERE))
    .where(
        Product.id == any_(bindparam("products", type_=postgresql.ARRAY(Integer))),
        Product.active.is_(True),
    )
    .subquery()
)
#: One row per product, its SKUs as arrays in SKU order (a tenth of the rows to decode).
OFFERS = str(
    select(
        _SKUS.c.product_id,
        _SKUS.c.name,
        _SKUS.c.category,
        *(
            func.array_agg(aggregate_order_by(column, _SKUS.c.sku_id)).label(f"{column.name}s")
            for column in (
                _SKUS.c.sku_id,
                _SKUS.c.variant,
                _SKUS.c.price_fen,
                _SKUS.c.purchase_limit,
                _SKUS.c.free,
                _SKUS.c.on_sale,
            )
        ),
    )
    .group_by(_SKUS.c.product_id, _SKUS.c.name, _SKUS.c.category)
    .compile(dialect=postgresql.psycopg.dialect())
)


#: Free units of every SKU ``%(store)s``'s location keeps (the same rule as ``OFFERS``'
#: ``free``; a SKU it keeps none of is absent: 0), as two arrays in one row: a store keeps
#: thousands of SKUs, and a row each cost a tenth of the shopper's list's CPU to decode
#: (bench/recommendations.py).
FREE_HERE = str(
    select(
        func.coalesce(func.array_agg(Stock.sku_id), literal_column("ARRAY[]::integer[]")).label(
            "sku_ids"
        ),
        func.coalesce(
            func.array_agg(func.inventory.free_units(Stock.on_hand, Stock.reserved)),
            literal_column("ARRAY[]::integer[]"),
        ).label("frees"),
    )
    .where(Stock.location_id == _HERE)
    .compile(dialect=postgresql.psycopg.dialect())
)


def at_store(offer: Offer, free: dict[int, int]) -> Offer | None:
    """``offer`` (read with no store) with each SKU's free units at a store (``free``: SKU ->
    units, a SKU absent keeps none there); None when it has no SKU on sale."""
    if not offer.skus:
        return None
    skus = tuple(
        OfferSku(s.sku_id, s.variant, s.price_fen, s.purchase_limit, free.get(s.sku_id, 0))
        for s in offer.skus
    )
    return Offer(offer.product_id, offer.name, offer.category, skus, offer.all_sku_ids)


async def free_here_async(connection: adb.Connection, store_id: int) -> dict[int, int]:
    """SKU -> units free at ``store_id``'s location (``FREE_HERE``), on the event loop."""
    row = await adb.fetch_one(connection, FREE_HERE, {"store": store_id})
    assert row is not None  # an aggregate: always one row
    return dict(zip(row["sku_ids"], row["frees"], strict=True))


def _offer(row: dict[str, Any], *, store_asked: bool) -> Offer | None:
    skus = tuple(
        OfferSku(sku, variant, price, limit, int(free) if store_asked else None)
        for sku, variant, price, limit, free, selling in zip(
            row["sku_ids"],
            row["variants"],
            row["price_fens"],
            row["purchase_limits"],
            row["frees"],
            row["on_sales"],
            strict=True,
        )
        if selling
    )
    if not skus:
        return None
    return Offer(row["product_id"], row["name"], row["category"], skus, frozenset(row["sku_ids"]))


def _offers(rows: Sequence[dict[str, Any]], *, store_asked: bool) -> dict[int, Offer]:
    found = (_offer(row, store_asked=store_asked) for row in rows)
    return {offer.product_id: offer for offer in found if offer is not None}


def offers(
    *, session: Session, product_ids: Sequence[int], store_id: int | None
) -> dict[int, Offer]:
    """The products among ``product_ids`` on sale, each with its SKUs on sale (and their free
    units at ``store_id``'s location: 0 where it keeps none). Products with none are left out."""
    if not product_ids:
        return {}
    rows = fetch(session, OFFERS, {"products": list(product_ids), "store": store_id})
    return _offers(rows, store_asked=store_id is not None)


async def offers_async(
    connection: adb.Connection, product_ids: Sequence[int], store_id: int | None
) -> dict[int, Offer]:
    """``offers`` on the event loop (the same statement)."""
    if not product_ids:
        return {}
    rows = await adb.fetch(connection, OFFERS, {"products": list(product_ids), "store": store_id})
    return _offers(rows, store_asked=store_id is not None)
