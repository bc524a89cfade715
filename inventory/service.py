"""Catalog and stock use cases; functions take the session and never commit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory.models import Product, Sku
from inventory.schemas import ProductRead, SkuSnapshot
from services.platform.errors import NotFound


def list_products(
    *, session: Session, offset: int, limit: int, category: str | None = None
) -> tuple[list[ProductRead], int]:
    """Active products with their active SKUs, by code."""
    query = select(Product).where(Product.active.is_(True))
    if category is not None:
        query = query.where(Product.category == category)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Product.code).offset(offset).limit(limit)).all()
    return [_read(p) for p in rows], total


def get_product(*, session: Session, product_id: int) -> ProductRead:
    product = session.get(Product, product_id)
    if product is None or not product.active:
        raise NotFound(f"product {product_id} does not exist", code="product_not_found")
    return _read(product)


def _read(product: Product) -> ProductRead:
    read = ProductRead.model_validate(product)
    read.skus = [s for s in read.skus if s.active]
    return read


def sku_snapshots(*, session: Session, sku_ids: list[int]) -> dict[int, SkuSnapshot]:
    """Name, variant and price of active SKUs of active products; NotFound for any other."""
    rows = session.execute(
        select(Sku.id, Product.name, Sku.variant, Sku.price_fen, Sku.currency)
        .join(Product, Product.id == Sku.product_id)
        .where(Sku.id.in_(sku_ids), Sku.active.is_(True), Product.active.is_(True))
    ).all()
    found = {
        sku_id: SkuSnapshot(
            sku_id=sku_id, product_name=name, variant=variant, price_fen=price, currency=currency
        )
        for sku_id, name, variant, price, currency in rows
    }
    missing = sorted(set(sku_ids) - found.keys())
    if missing:
        raise NotFound(
            "some SKUs are not on sale", code="sku_not_found", details={"sku_ids": missing}
        )
    return found
