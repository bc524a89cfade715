"""What can be offered to a shopper now: products on sale, their SKUs, the units free at
one store. Read in bulk for the recommendations' answers (one statement per answer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from inventory.models import Location, Product, Sku, Stock
from inventory.pricing import price_now
from inventory.sellable import on_sale


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


def offers(
    *, session: Session, product_ids: Sequence[int], store_id: int | None
) -> dict[int, Offer]:
    """The products among ``product_ids`` on sale, each with its SKUs on sale (and their free
    units at ``store_id``'s location: 0 where it keeps none). Products with none are left out."""
    if not product_ids:
        return {}
    columns = [
        Product.id.label("product_id"),
        Product.name,
        Product.category,
        Sku.id.label("sku_id"),
        Sku.variant,
        price_now(),
        Sku.purchase_limit,
    ]
    query = select(*columns).join(Product, Product.id == Sku.product_id)
    if store_id is not None:
        here = select(Location.id).where(Location.store_id == store_id).scalar_subquery()
        free = func.coalesce(func.inventory.free_units(Stock.on_hand, Stock.reserved), 0)
        query = query.add_columns(free.label("free")).outerjoin(
            Stock, and_(Stock.sku_id == Sku.id, Stock.location_id == here)
        )
    rows = session.execute(
        query.where(Product.id.in_(list(product_ids)), on_sale()).order_by(Sku.id)
    ).all()
    found: dict[int, list[OfferSku]] = {}
    heads: dict[int, tuple[str, str]] = {}
    for row in rows:
        heads[row.product_id] = (row.name, row.category)
        found.setdefault(row.product_id, []).append(
            OfferSku(
                row.sku_id,
                row.variant,
                row.price_fen,
                row.purchase_limit,
                int(row.free) if store_id is not None else None,
            )
        )
    return {
        pid: Offer(pid, heads[pid][0], heads[pid][1], tuple(skus)) for pid, skus in found.items()
    }
