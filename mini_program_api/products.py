"""Catalog browsing: one catalog and one price in every channel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from inventory import service as catalog
from inventory.schemas import ProductRead
from mini_program_api.journey_notes import Noted
from services.platform.db import utcnow
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.pagination import Page, Pagination
from services.platform.web.replica_deps import StaleOkUowDep
from services.recommendations import client as recommendations
from services.recommendations.schemas import Recommended

router = APIRouter(tags=["catalog"])


class ProductPage(ProductRead):
    """A product on sale with what its buyers also bought (the same for every shopper)."""

    bought_together: list[Recommended] = Field(
        default_factory=list, description="products often bought by this product's buyers"
    )


@router.get("/products", response_model=Page[ProductRead])
def list_products(
    uow: StaleOkUowDep,
    page: Pagination,
    category: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[ProductRead]:
    items, total = catalog.list_products(
        session=uow.session, offset=page.offset, limit=page.limit, category=category
    )
    return page.page(items, total)


@router.get("/products/{product_id}", response_model=ProductPage)
@answers("product_not_found")
def get_product(uow: StaleOkUowDep, product_id: Id, note: Noted) -> ProductPage:
    """A product on sale. The view joins the shopper's journey after the answer is sent
    (send ``X-Device-Id`` when not signed in, so a later login claims it)."""
    product = catalog.get_product(session=uow.session, product_id=product_id)
    together = recommendations.bought_together(uow.session, product_id=product_id)
    note("product_viewed", at=utcnow(), product_id=product_id)
    return ProductPage(**product.model_dump(), bought_together=together)
