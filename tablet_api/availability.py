"""Stock near the store for a customer at the counter: exact counts (staff only)."""

from __future__ import annotations

from fastapi import APIRouter

from inventory.client import LocalInventoryClient
from inventory.schemas import Availability, AvailabilityQuery
from services.platform.web.answers import answers
from services.platform.web.deps import UowDep

router = APIRouter(tags=["availability"])


@router.post("/availability", response_model=Availability)
@answers("sku_not_found", "cart_empty")
def availability_for_cart(uow: UowDep, body: AvailabilityQuery) -> Availability:
    return LocalInventoryClient(uow.session).availability_for(body, exact=True)
