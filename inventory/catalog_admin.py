"""HQ keeps the one catalog: categories, products, SKUs and their prices, every change audited.

Use cases take the session and never commit. Shoppers read the same rows
(``service``): what is switched off here is off sale everywhere at the next read
(``sellable.on_sale``), and a price is read through ``pricing.price_now`` everywhere.
Nothing caches catalog rows, so nothing needs invalidating.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory import audit, pricing
from inventory.audit import Actor
from inventory.models import Category, PriceChange, Product, Sku
from inventory.schemas_catalog import (
    CategoryCreate,
    CategoryRead,
    CategoryUpdate,
    ManagedProductRead,
    ManagedSkuRead,
    PriceChangeRead,
    PriceCreate,
    ProductCreate,
    ProductUpdate,
    SkuCreate,
    SkuUpdate,
)
from services.platform.errors import Conflict, InvalidInput, NotFound

PRODUCT_FIELDS = ("code", "name", "description", "category", "image_urls", "active")
SKU_FIELDS = ("code", "variant", "purchase_limit", "active")


def product_state(product: Product) -> dict[str, Any]:
    return {name: getattr(product, name) for name in PRODUCT_FIELDS}


def sku_state(sku: Sku) -> dict[str, Any]:
    return {"product_id": sku.product_id, **{name: getattr(sku, name) for name in SKU_FIELDS}}


# Categories -----------------------------------------------------------------------------


def list_categories(*, session: Session) -> list[CategoryRead]:
    rows = session.scalars(select(Category).order_by(Category.code))
    return [CategoryRead.model_validate(row) for row in rows]


def create_category(*, session: Session, data: CategoryCreate, actor: Actor) -> CategoryRead:
    if session.scalar(select(Category.id).where(Category.code == data.code)) is not None:
        raise Conflict(f"category {data.code} exists", code="category_code_taken")
    category = Category(code=data.code, name=data.name)
    session.add(category)
    session.flush()
    audit.record(
        session,
        actor=actor,
        entity="category",
        entity_id=category.id,
        action="created",
        before=None,
        after={"code": data.code, "name": data.name},
    )
    return CategoryRead.model_validate(category)


def update_category(
    *, session: Session, category_id: int, data: CategoryUpdate, actor: Actor
) -> CategoryRead:
    category = session.get(Category, category_id, with_for_update=True)
    if category is None:
        raise NotFound(f"category {category_id} does not exist", code="category_not_found")
    if category.name != data.name:
        audit.record(
            session,
            actor=actor,
            entity="category",
            entity_id=category.id,
            action="updated",
            before={"name": category.name},
            after={"name": data.name},
        )
        category.name = data.name
    return CategoryRead.model_validate(category)


def require_category(session: Session, code: str) -> None:
    if session.scalar(select(Category.id).where(Category.code == code)) is None:
        raise InvalidInput(f"no category {code}", code="category_unknown", details={"code": code})


# Products and SKUs ----------------------------------------------------------------------


def create_product(*, session: Session, data: ProductCreate, actor: Actor) -> ManagedProductRead:
    require_category(session, data.category)
    if session.scalar(select(Product.id).where(Product.code == data.code)) is not None:
        raise Conflict(f"product {data.code} exists", code="product_code_taken")
    codes = [s.code for s in data.skus]
    if len(set(codes)) != len(codes):
        raise Conflict("each SKU code once", code="sku_code_taken")
    product = insert_product(session, data.model_dump(exclude={"skus"}), actor)
    for sku in data.skus:
        _add_sku(session, product.id, sku, actor)
    return managed_product(session=session, product_id=product.id)


def update_product(
    *, session: Session, product_id: int, data: ProductUpdate, actor: Actor
) -> ManagedProductRead:
    product = session.get(Product, product_id, with_for_update=True)
    if product is None:
        raise NotFound(f"product {product_id} does not exist", code="product_not_found")
    fields = data.model_dump(exclude_unset=True)
    if nulls := sorted(name for name, value in fields.items() if value is None):
        raise InvalidInput("these fields cannot be null", code="null_field", details=nulls)
    if "category" in fields:
        require_category(session, fields["category"])
    before, after = audit.changed(product_state(product), fields)
    if after:
        for name, value in after.items():
            setattr(product, name, value)
        audit.record(
            session,
            actor=actor,
            entity="product",
            entity_id=product.id,
            action=_action(after),
            before=before,
            after=after,
        )
        session.flush()
    return managed_product(session=session, product_id=product.id)


def create_sku(
    *, session: Session, product_id: int, data: SkuCreate, actor: Actor
) -> ManagedSkuRead:
    if session.get(Product, product_id) is None:
        raise NotFound(f"product {product_id} does not exist", code="product_not_found")
    sku = _add_sku(session, product_id, data, actor)
    return _managed_skus(session, [sku.id])[sku.id]


def _add_sku(session: Session, product_id: int, data: SkuCreate, actor: Actor) -> Sku:
    if session.scalar(select(Sku.id).where(Sku.code == data.code)) is not None:
        raise Conflict(f"SKU {data.code} exists", code="sku_code_taken")
    return insert_sku(session, product_id, data.model_dump(), actor)


# One way to bring a product or SKU into the catalog, for HQ's screens and the ERP feed
# alike: the row, its audit entry and (for a SKU) the first line of its price history.


def insert_product(session: Session, fields: dict[str, object], actor: Actor) -> Product:
    product = Product(**fields)
    session.add(product)
    session.flush()
    audit.record(
        session,
        actor=actor,
        entity="product",
        entity_id=product.id,
        action="created",
        before=None,
        after=product_state(product),
    )
    return product


def insert_sku(session: Session, product_id: int, fields: dict[str, object], actor: Actor) -> Sku:
    sku = Sku(product_id=product_id, **fields)
    session.add(sku)
    session.flush()
    audit.record(
        session,
        actor=actor,
        entity="sku",
        entity_id=sku.id,
        action="created",
        before=None,
        after={**sku_state(sku), "price_fen": sku.price_fen},
    )
    session.add(
        PriceChange(
            sku_id=sku.id,
            price_fen=sku.price_fen,
            effective_at=func.now(),
            status="applied",
            applied_at=func.now(),
            actor_role=actor.role,
            actor_id=actor.id,
        )
    )
    return sku


def update_sku(*, session: Session, sku_id: int, data: SkuUpdate, actor: Actor) -> ManagedSkuRead:
    sku = session.get(Sku, sku_id, with_for_update=True)
    if sku is None:
        raise NotFound(f"SKU {sku_id} does not exist", code="sku_not_found")
    fields = data.model_dump(exclude_unset=True)
    if nulls := sorted(n for n, v in fields.items() if v is None and n != "purchase_limit"):
        raise InvalidInput("these fields cannot be null", code="null_field", details=nulls)
    before, after = audit.changed(sku_state(sku), fields)
    if after:
        for name, value in after.items():
            setattr(sku, name, value)
        audit.record(
            session,
            actor=actor,
            entity="sku",
            entity_id=sku.id,
            action=_action(after),
            before=before,
            after=after,
        )
        session.flush()
    return _managed_skus(session, [sku.id])[sku.id]


def _action(after: dict[str, Any]) -> str:
    """Name the change the way the audit reader looks for it."""
    if after.get("active") is False:
        return "deactivated"
    if after.get("active") is True:
        return "reactivated"
    return "updated"


# Prices ---------------------------------------------------------------------------------


def set_price(
    *, session: Session, sku_id: int, data: PriceCreate, actor: Actor, now: datetime
) -> PriceChangeRead:
    """A new price now, or scheduled from ``effective_at`` (then beat applies it, once)."""
    if session.get(Sku, sku_id) is None:
        raise NotFound(f"SKU {sku_id} does not exist", code="sku_not_found")
    if data.effective_at is not None:
        refused = pricing.schedule_refusal(effective_at=data.effective_at, now=now)
        if refused:
            raise InvalidInput("this moment cannot start a price", code=refused)
        change = PriceChange(
            sku_id=sku_id,
            price_fen=data.price_fen,
            effective_at=data.effective_at,
            status="scheduled",
            actor_role=actor.role,
            actor_id=actor.id,
        )
        session.add(change)
        session.flush()
        audit.record(
            session,
            actor=actor,
            entity="price",
            entity_id=sku_id,
            action="price_scheduled",
            before=None,
            after={
                "price_fen": data.price_fen,
                "effective_at": data.effective_at.isoformat(),
                "change_id": change.id,
            },
        )
        return PriceChangeRead.model_validate(change)
    return PriceChangeRead.model_validate(
        change_price_now(session=session, sku_id=sku_id, price_fen=data.price_fen, actor=actor)
    )


def change_price_now(*, session: Session, sku_id: int, price_fen: int, actor: Actor) -> PriceChange:
    """The SKU's price becomes ``price_fen`` now (due scheduled prices settled first)."""
    return pricing.set_now(session=session, prices={sku_id: price_fen}, actor=actor)[0]


def cancel_price(*, session: Session, change_id: int, actor: Actor) -> PriceChangeRead:
    """A scheduled price that has not started is withdrawn; one in force cannot be."""
    change = session.get(PriceChange, change_id, with_for_update=True)
    if change is None:
        raise NotFound(f"price change {change_id} does not exist", code="price_change_not_found")
    started = session.scalar(select(func.now() >= change.effective_at))
    if change.status != "scheduled" or started:
        raise Conflict(
            "only a scheduled price that has not started can be cancelled",
            code="price_change_started",
            details={"status": change.status},
        )
    change.status = "cancelled"
    audit.record(
        session,
        actor=actor,
        entity="price",
        entity_id=change.sku_id,
        action="price_cancelled",
        before={"price_fen": change.price_fen, "change_id": change.id},
        after=None,
    )
    session.flush()
    return PriceChangeRead.model_validate(change)


def price_history(
    *, session: Session, sku_id: int, offset: int, limit: int
) -> tuple[list[PriceChangeRead], int]:
    """Every price the SKU had or will have, newest start first."""
    if session.get(Sku, sku_id) is None:
        raise NotFound(f"SKU {sku_id} does not exist", code="sku_not_found")
    query = select(PriceChange).where(PriceChange.sku_id == sku_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(PriceChange.effective_at.desc(), PriceChange.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [PriceChangeRead.model_validate(row) for row in rows], total


# Reads for managers ---------------------------------------------------------------------


def list_managed(
    *,
    session: Session,
    offset: int,
    limit: int,
    category: str | None = None,
    active: bool | None = None,
) -> tuple[list[ManagedProductRead], int]:
    """Every product, on sale or not, by code."""
    query = select(Product.id)
    if category is not None:
        query = query.where(Product.category == category)
    if active is not None:
        query = query.where(Product.active.is_(active))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ids = list(session.scalars(query.order_by(Product.code).offset(offset).limit(limit)))
    return _managed_products(session, ids), total


def managed_product(*, session: Session, product_id: int) -> ManagedProductRead:
    found = _managed_products(session, [product_id])
    if not found:
        raise NotFound(f"product {product_id} does not exist", code="product_not_found")
    return found[0]


def _managed_products(session: Session, ids: list[int]) -> list[ManagedProductRead]:
    if not ids:
        return []
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(ids)))}
    sku_rows = session.execute(
        select(Sku.id, Sku.product_id).where(Sku.product_id.in_(ids)).order_by(Sku.id)
    ).all()
    skus = _managed_skus(session, [row.id for row in sku_rows])
    by_product: dict[int, list[ManagedSkuRead]] = {i: [] for i in ids}
    for row in sku_rows:
        by_product[row.product_id].append(skus[row.id])
    return [
        ManagedProductRead(
            **{name: getattr(products[i], name) for name in PRODUCT_FIELDS},
            id=i,
            skus=by_product[i],
        )
        for i in ids
        if i in products
    ]


def _managed_skus(session: Session, ids: list[int]) -> dict[int, ManagedSkuRead]:
    if not ids:
        return {}
    rows = session.execute(
        select(
            Sku.id,
            Sku.code,
            Sku.variant,
            pricing.price_now(),
            Sku.currency,
            Sku.purchase_limit,
            Sku.active,
        ).where(Sku.id.in_(ids))
    ).all()
    upcoming: dict[int, list[PriceChangeRead]] = {i: [] for i in ids}
    for change in session.scalars(
        select(PriceChange)
        .where(
            PriceChange.sku_id.in_(ids),
            PriceChange.status == "scheduled",
            PriceChange.effective_at > func.now(),
        )
        .order_by(PriceChange.effective_at, PriceChange.id)
    ):
        upcoming[change.sku_id].append(PriceChangeRead.model_validate(change))
    return {row.id: ManagedSkuRead(**row._asdict(), upcoming=upcoming[row.id]) for row in rows}
