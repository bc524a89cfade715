"""Store locator: open stores nearest the shopper."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from services.platform.db import utcnow
from stores.client import new_store_boost, store_directory
from stores.schemas import NearbyStore

router = APIRouter(tags=["stores"])


class NearbyStores(BaseModel):
    items: list[NearbyStore]


@router.get(
    "/stores",
    response_model=NearbyStores,
    summary="Open stores nearest a location, with distance in km",
)
async def nearby_stores(
    lat: Annotated[float, Query(ge=-90, le=90, description="latitude, WGS-84 degrees")],
    lon: Annotated[float, Query(ge=-180, le=180, description="longitude, WGS-84 degrees")],
    radius_km: Annotated[float, Query(gt=0, le=1000)] = 20.0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    directory = store_directory()
    if directory.needs_refresh():
        await run_in_threadpool(directory.refresh)
    # Pre-rendered store cards: the hot path neither validates nor re-serialises models.
    # A store opened lately comes first for the shoppers around it (stores/routing.py).
    body = directory.nearby_json(
        lat, lon, radius_km=radius_km, limit=limit, boost=new_store_boost(), now=utcnow()
    )
    return Response(body, media_type="application/json")
