"""The checkout preview: what an order placed from this cart would cost now."""

from __future__ import annotations

from fastapi import APIRouter

from orders import preview
from orders.schemas import CheckoutPreview, CheckoutPriceRead
from services.platform import adb
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import PoolDep

router = APIRouter(tags=["orders"])


@router.post("/checkout/preview", response_model=CheckoutPriceRead)
@answers("sku_not_found", "quantity_too_large", "purchase_limit_exceeded", "points_insufficient")
async def preview_checkout(
    body: CheckoutPreview, shopper: CurrentShopper, pool: PoolDep
) -> CheckoutPriceRead:
    # Reads only, on the event loop like placing (same snapshot read, same price).
    async with adb.connection(pool, get_settings()) as connection:
        return await preview.preview(connection, member_id=shopper.subject, body=body)
