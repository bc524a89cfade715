"""``/manager/v1/catalog``: HQ keeps the one catalog; regional managers read it.

Every write is HQ's (403 ``catalog_hq_only`` for a regional manager) and audited;
creates take an ``Idempotency-Key``. The rules are in ``inventory.catalog_admin``
and ``inventory.pricing``; shoppers see each change at their next read.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from inventory import audit, catalog_admin, catalog_feed, catalog_import
from inventory.catalog_feed import RawLine
from inventory.schemas_catalog import (
    AuditRead,
    CatalogImportCreate,
    CatalogImportRead,
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
from services.platform.auth import Principal
from services.platform.db import utcnow
from services.platform.errors import Forbidden
from services.platform.inputs import BigId, Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(prefix="/catalog", tags=["catalog"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]


@answers("catalog_hq_only")
async def _hq(manager: CurrentManager) -> Principal:
    if not manager.hq:
        raise Forbidden("only HQ changes the catalog", code="catalog_hq_only")
    return manager


HqManager = Annotated[Principal, Depends(_hq)]


def _scope(manager: Principal, what: str) -> str:
    return f"manager:{manager.subject}:catalog:{what}"


# Reads (every manager) --------------------------------------------------------------------


@router.get("/categories", response_model=list[CategoryRead])
def list_categories(uow: UowDep) -> list[CategoryRead]:
    return catalog_admin.list_categories(session=uow.session)


@router.get("/products", response_model=Page[ManagedProductRead])
def list_products(
    uow: UowDep,
    page: Pagination,
    category: Annotated[str | None, Query(max_length=64)] = None,
    active: bool | None = None,
) -> Page[ManagedProductRead]:
    """Every product, on sale or not, with each SKU's price in force and upcoming prices."""
    items, total = catalog_admin.list_managed(
        session=uow.session,
        offset=page.offset,
        limit=page.limit,
        category=category,
        active=active,
    )
    return page.page(items, total)


@router.get("/products/{product_id}", response_model=ManagedProductRead)
@answers("product_not_found")
def get_product(uow: UowDep, product_id: Id) -> ManagedProductRead:
    return catalog_admin.managed_product(session=uow.session, product_id=product_id)


@router.get("/skus/{sku_id}/prices", response_model=Page[PriceChangeRead])
@answers("sku_not_found")
def price_history(uow: UowDep, sku_id: Id, page: Pagination) -> Page[PriceChangeRead]:
    """The SKU's prices, past, in force and scheduled, newest start first."""
    items, total = catalog_admin.price_history(
        session=uow.session, sku_id=sku_id, offset=page.offset, limit=page.limit
    )
    return page.page(items, total)


# Writes (HQ) ------------------------------------------------------------------------------


@router.post("/categories", response_model=CategoryRead, status_code=201)
@answers("category_code_taken")
def create_category(
    manager: HqManager, uow: UowDep, body: CategoryCreate, idempotency_key: IdempotencyKey = None
) -> Response:
    return create_once(
        uow,
        scope=_scope(manager, "categories"),
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=lambda: catalog_admin.create_category(
            session=uow.session, data=body, actor=audit.manager(manager.subject)
        ),
    )


@router.patch("/categories/{category_id}", response_model=CategoryRead)
@answers("category_not_found")
def update_category(
    manager: HqManager, uow: UowDep, category_id: Id, body: CategoryUpdate
) -> CategoryRead:
    updated = catalog_admin.update_category(
        session=uow.session,
        category_id=category_id,
        data=body,
        actor=audit.manager(manager.subject),
    )
    uow.commit()
    return updated


@router.post("/products", response_model=ManagedProductRead, status_code=201)
@answers("category_unknown", "product_code_taken", "sku_code_taken")
def create_product(
    manager: HqManager, uow: UowDep, body: ProductCreate, idempotency_key: IdempotencyKey = None
) -> Response:
    """A product with its SKUs (each with its first price)."""
    return create_once(
        uow,
        scope=_scope(manager, "products"),
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=lambda: catalog_admin.create_product(
            session=uow.session, data=body, actor=audit.manager(manager.subject)
        ),
    )


@router.patch("/products/{product_id}", response_model=ManagedProductRead)
@answers("product_not_found", "null_field", "category_unknown")
def update_product(
    manager: HqManager, uow: UowDep, product_id: Id, body: ProductUpdate
) -> ManagedProductRead:
    """Change details or images; ``active: false`` takes it off sale on every touchpoint."""
    updated = catalog_admin.update_product(
        session=uow.session,
        product_id=product_id,
        data=body,
        actor=audit.manager(manager.subject),
    )
    uow.commit()
    return updated


@router.post("/products/{product_id}/skus", response_model=ManagedSkuRead, status_code=201)
@answers("product_not_found", "sku_code_taken")
def create_sku(
    manager: HqManager,
    uow: UowDep,
    product_id: Id,
    body: SkuCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    return create_once(
        uow,
        scope=_scope(manager, f"products/{product_id}/skus"),
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=lambda: catalog_admin.create_sku(
            session=uow.session,
            product_id=product_id,
            data=body,
            actor=audit.manager(manager.subject),
        ),
    )


@router.patch("/skus/{sku_id}", response_model=ManagedSkuRead)
@answers("sku_not_found", "null_field")
def update_sku(manager: HqManager, uow: UowDep, sku_id: Id, body: SkuUpdate) -> ManagedSkuRead:
    """Change the variant or limit; ``active: false`` takes the SKU off sale everywhere."""
    updated = catalog_admin.update_sku(
        session=uow.session, sku_id=sku_id, data=body, actor=audit.manager(manager.subject)
    )
    uow.commit()
    return updated


@router.post("/skus/{sku_id}/prices", response_model=PriceChangeRead, status_code=201)
@answers("sku_not_found", "price_time_without_zone", "price_time_past", "price_time_too_far")
def set_price(
    manager: HqManager,
    uow: UowDep,
    sku_id: Id,
    body: PriceCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """A new price now, or from ``effective_at``: every touchpoint shows it from that moment."""
    return create_once(
        uow,
        scope=_scope(manager, f"skus/{sku_id}/prices"),
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=lambda: catalog_admin.set_price(
            session=uow.session,
            sku_id=sku_id,
            data=body,
            actor=audit.manager(manager.subject),
            now=utcnow(),
        ),
    )


@router.delete("/prices/{change_id}", response_model=PriceChangeRead)
@answers("price_change_not_found", "price_change_started")
def cancel_price(manager: HqManager, uow: UowDep, change_id: BigId) -> PriceChangeRead:
    """Withdraw a scheduled price before it starts."""
    cancelled = catalog_admin.cancel_price(
        session=uow.session, change_id=change_id, actor=audit.manager(manager.subject)
    )
    uow.commit()
    return cancelled


@router.get("/audit", response_model=Page[AuditRead])
def read_audit(
    _: HqManager,
    uow: UowDep,
    page: Pagination,
    entity: Literal["category", "product", "sku", "price"] | None = None,
    entity_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> Page[AuditRead]:
    """Every catalog change, newest first: who (manager, import, schedule), when, before, after."""
    items, total = audit.history(
        session=uow.session,
        entity=entity,
        entity_id=entity_id,
        offset=page.offset,
        limit=page.limit,
    )
    return page.page(items, total)


# ERP feed (HQ) ---------------------------------------------------------------------------

_CSV_EXAMPLE = (
    "product_code,product_name,category,sku_code,variant,price_fen,image_urls\n"
    "P0901,Monsoon Poncho,jackets,P0901-BK-M,Black / M,89900,"
    "https://cdn.example.com/p/P0901/front.jpg\n"
)


def _import(uow: UowDep, manager: Principal, lines: list[RawLine]) -> CatalogImportRead:
    report = catalog_import.apply(session=uow.session, lines=lines, staff_id=manager.subject)
    if report.applied:
        uow.commit()
    return report


@router.post("/imports", response_model=CatalogImportRead)
@answers("import_file_unreadable")
def import_catalog(manager: HqManager, uow: UowDep, body: CatalogImportCreate) -> CatalogImportRead:
    """Upsert products, SKUs and prices by their codes; one bad line and nothing applies
    (``applied: false``, ``rejected_lines``); the same lines again change nothing."""
    lines = catalog_feed.lines_of([line.model_dump(exclude_unset=True) for line in body.lines])
    return _import(uow, manager, lines)


@router.post(
    "/imports/csv",
    response_model=CatalogImportRead,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}, "example": _CSV_EXAMPLE}},
        }
    },
)
@answers("import_file_unreadable", "payload_too_large")
async def import_catalog_csv(
    request: Request, manager: HqManager, uow: UowDep
) -> CatalogImportRead:
    """The same from an uploaded CSV file (``--data-binary @catalog.csv``, ``text/csv``)."""
    lines = catalog_feed.read_csv(await request.body())
    return await run_in_threadpool(_import, uow, manager, lines)
