"""Catalog and stock use cases; functions take the session and never commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from inventory.models import Product, Sku
from inventory.pricing import price_now
from inventory.schemas import ProductRead, SkuRead
from inventory.sellable import on_sale
from services.platform.errors import NotFound


def list_products(
    *, session: Session, offset: int, limit: int, category: str | None = None
) -> tuple[list[ProductRead], int]:
    """Active products with their SKUs on sale, by code."""
    query = _LISTED
    if category is not None:
        query = query.where(Product.category == category)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(Product.code).offset(offset).limit(limit)).all()
    return _read(session, rows), total


def get_product(*, session: Session, product_id: int) -> ProductRead:
    product = session.execute(_LISTED.where(Product.id == product_id)).first()
    if product is None:
        raise NotFound(f"product {product_id} does not exist", code="product_not_found")
    return _read(session, [product])[0]


# Columns, not entities: the SKUs come from the on-sale query, not the product's collection.
_LISTED = select(
    Product.id,
    Product.code,
    Product.name,
    Product.description,
    Product.category,
    Product.image_urls,
).where(Product.active.is_(True))


def _read(
    session: Session, products: Sequence[Row[int, str, str, str, str, list[str]]]
) -> list[ProductRead]:
    """The products as shoppers read them: only SKUs on sale, at the price in force now."""
    skus: dict[int, list[SkuRead]] = {p.id: [] for p in products}
    if skus:
        for sku in session.execute(
            select(
                Sku.id,
                Sku.product_id,
                Sku.code,
                Sku.variant,
                price_now(),
                Sku.currency,
                Sku.purchase_limit,
                Sku.active,
            )
            .join(Product, Product.id == Sku.product_id)
            .where(Sku.product_id.in_(list(skus)), on_sale())
            .order_by(Sku.id)
        ):
            skus[sku.product_id].append(SkuRead.model_validate(sku))
    return [
        ProductRead(
            id=p.id,
            code=p.code,
            name=p.name,
            description=p.description,
            category=p.category,
            image_urls=p.image_urls,
            skus=skus[p.id],
        )
        for p in products
    ]


def prices_now(*, session: Session, sku_ids: Sequence[int]) -> dict[int, int]:
    """The price in force now of each known SKU (on sale or not); unknown SKUs left out."""
    rows = session.execute(select(Sku.id, price_now()).where(Sku.id.in_(list(sku_ids))))
    return {sku_id: int(price) for sku_id, price in rows}


def products_of(*, session: Session, sku_ids: Sequence[int]) -> dict[int, int]:
    """The product of each known SKU (on sale or not); unknown SKUs are left out."""
    rows = session.execute(select(Sku.id, Sku.product_id).where(Sku.id.in_(list(sku_ids))))
    return {sku_id: product_id for sku_id, product_id in rows}
