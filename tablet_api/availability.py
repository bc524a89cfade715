"""Stock near the store for a customer at the counter: exact counts (staff only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from inventory.client import LocalInventoryClient
from inventory.schemas import Availability, AvailabilityQuery, SkuStockHere
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep

router = APIRouter(tags=["availability"])


@router.post("/availability", response_model=Availability)
@answers("sku_not_found", "cart_empty")
def availability_for_cart(uow: UowDep, body: AvailabilityQuery) -> Availability:
    return LocalInventoryClient(uow.session).availability_for(body, exact=True)


@router.get("/skus/{sku_id}/stock", response_model=SkuStockHere)
@answers("sku_not_found", "location_not_found")
def sku_stock(
    sku_id: Id,
    guide: CurrentGuide,
    uow: UowDep,
    radius_km: Annotated[float, Query(gt=0, le=1000)] = 50.0,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SkuStockHere:
    """This store's exact stock of a SKU, and the nearest stores that have some free."""
    assert guide.store_id is not None
    return LocalInventoryClient(uow.session).sku_near_store(
        sku_id, store_id=guide.store_id, radius_km=radius_km, limit=limit
    )
