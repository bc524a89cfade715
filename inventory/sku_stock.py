"""One SKU's stock as a guide asks for it: here, and the nearest stores that hold it.

Built from the shopper's availability search (the same ``inventory.covers`` /
``free_units`` reads and the same nearby-store directory), with exact counts,
centred on the guide's own store and leaving it out of the "elsewhere" list.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from inventory import availability as search
from inventory.models import Stock
from inventory.operations import store_location
from inventory.schemas import CartLine, SkuStockHere
from stores.client import LocalStoresClient


def near_store(
    *,
    session: Session,
    stores: LocalStoresClient,
    sku_id: int,
    store_id: int,
    radius_km: float,
    limit: int,
    now: datetime,
    low_threshold: int,
) -> SkuStockHere:
    """The store's on-hand, reserved and free units of ``sku_id``; stores nearby with some free."""
    search.check_skus(session, [sku_id])
    location_id = store_location(session=session, store_id=store_id, own_store_id=store_id)
    row = session.get(Stock, (location_id, sku_id))
    on_hand, reserved = (row.on_hand, row.reserved) if row is not None else (0, 0)
    free = search.free_at(session, location_id, sku_id)
    store = stores.get_store(store_id)
    found = search.availability(
        session=session,
        stores=stores,
        lines=[CartLine(sku_id=sku_id, quantity=1)],
        latitude=store.latitude,
        longitude=store.longitude,
        radius_km=radius_km,
        limit=limit + 1,  # this store may be among them
        now=now,
        exact=True,
        low_threshold=low_threshold,
    )
    return SkuStockHere(
        sku_id=sku_id,
        store_id=store_id,
        on_hand=on_hand,
        reserved=reserved,
        available=free,
        level=search.stock_level(free, low_threshold=low_threshold),
        elsewhere=[o for o in found.pickup if o.store_id != store_id][:limit],
    )
