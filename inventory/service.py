"""Catalog and stock use cases; functions take the session and never commit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory.models import Product
from inventory.schemas import ProductRead
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
