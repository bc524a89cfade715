"""Where can I get this cart: pickup stores near me, and delivery (stock levels, not counts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from inventory.client import LocalInventoryClient
from inventory.schemas import Availability, AvailabilityQuery, CartLine
from mini_program_api.journey_notes import Noted
from services.platform.db import utcnow
from services.platform.errors import InvalidInput
from services.platform.web.answers import answers
from services.platform.web.deps import UowDep

router = APIRouter(tags=["availability"])


def _answer(uow: UowDep, query: AvailabilityQuery, note: Noted) -> Availability:
    # Shoppers see stock levels (a count only when low), never the exact stock.
    answer = LocalInventoryClient(uow.session).availability_for(query)
    skus = ",".join(str(line.sku_id) for line in query.lines)
    note("availability_checked", at=utcnow(), ref=f"skus:{skus}")
    return answer


@router.post("/availability", response_model=Availability)
@answers("sku_not_found", "cart_empty")
def availability_for_cart(uow: UowDep, body: AvailabilityQuery, note: Noted) -> Availability:
    return _answer(uow, body, note)


def _parse_items(items: str) -> list[CartLine]:
    try:
        pairs = [part.split(":", 1) for part in items.split(",") if part]
        return [CartLine(sku_id=int(sku), quantity=int(qty)) for sku, qty in pairs]
    except ValueError as exc:
        raise InvalidInput(
            "items must look like 12:1,15:2 (sku id : quantity)", code="invalid_items"
        ) from exc


@router.get("/availability", response_model=Availability)
@answers("invalid_items", "sku_not_found", "cart_empty")
def availability_for_items(
    uow: UowDep,
    note: Noted,
    items: Annotated[str, Query(max_length=1000, description="sku:qty pairs, e.g. 12:1,15:2")],
    lat: Annotated[float, Query(ge=-90, le=90)],
    lon: Annotated[float, Query(ge=-180, le=180)],
    radius_km: Annotated[float, Query(gt=0, le=1000)] = 20.0,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Availability:
    query = AvailabilityQuery(
        lines=_parse_items(items), lat=lat, lon=lon, radius_km=radius_km, limit=limit
    )
    return _answer(uow, query, note)
