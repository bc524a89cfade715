"""Where a cart can be had: pickup stores nearest first (whole cart or partial), and delivery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.models import Location, Sku, Stock
from inventory.schemas import (
    Availability,
    CartLine,
    DeliveryOption,
    LineAvailability,
    PickupOption,
)
from services.platform.errors import InvalidInput, NotFound
from stores.client import LocalStoresClient
from stores.hours import ready_at


def merge_lines(lines: Sequence[CartLine]) -> dict[int, int]:
    """Quantities by SKU (the same SKU twice counts once, summed), in SKU order."""
    if not lines:
        raise InvalidInput("the cart is empty", code="cart_empty")
    merged: dict[int, int] = {}
    for line in lines:
        merged[line.sku_id] = merged.get(line.sku_id, 0) + line.quantity
    return dict(sorted(merged.items()))


def check_skus(session: Session, sku_ids: Sequence[int]) -> None:
    """Every SKU exists and is on sale, or NotFound naming the missing ones."""
    found = set(session.scalars(select(Sku.id).where(Sku.id.in_(sku_ids), Sku.active.is_(True))))
    missing = sorted(set(sku_ids) - found)
    if missing:
        raise NotFound(
            "some SKUs are not on sale", code="sku_not_found", details={"sku_ids": missing}
        )


def _available(
    session: Session, location_ids: Sequence[int], sku_ids: Sequence[int]
) -> dict[tuple[int, int], int]:
    rows = session.execute(
        select(Stock.location_id, Stock.sku_id, Stock.on_hand - Stock.reserved).where(
            Stock.location_id.in_(location_ids), Stock.sku_id.in_(sku_ids)
        )
    )
    return {(loc, sku): max(0, int(avail)) for loc, sku, avail in rows}


def _lines(
    wanted: dict[int, int], have: dict[tuple[int, int], int], location_id: int
) -> list[LineAvailability]:
    return [
        LineAvailability(sku_id=sku, requested=qty, available=have.get((location_id, sku), 0))
        for sku, qty in wanted.items()
    ]


def availability(
    *,
    session: Session,
    stores: LocalStoresClient,
    lines: Sequence[CartLine],
    latitude: float,
    longitude: float,
    radius_km: float,
    limit: int,
    now: datetime,
) -> Availability:
    """Pickup stores holding the cart (complete first by distance, then partial) and delivery."""
    wanted = merge_lines(lines)
    check_skus(session, list(wanted))
    nearby = [
        s
        for s in stores.nearby(latitude, longitude, radius_km=radius_km, limit=200)
        if s.pickup_enabled
    ]
    store_locations: dict[int | None, int] = {
        store_id: location_id
        for store_id, location_id in session.execute(
            select(Location.store_id, Location.id).where(
                Location.store_id.in_([s.id for s in nearby]), Location.active.is_(True)
            )
        )
    }
    warehouses: list[tuple[int, str]] = [
        (location_id, code)
        for location_id, code in session.execute(
            select(Location.id, Location.code)
            .where(Location.kind == "warehouse", Location.active.is_(True))
            .order_by(Location.id)
        )
    ]
    have = _available(
        session, [*store_locations.values(), *(w for w, _ in warehouses)], list(wanted)
    )
    options: list[PickupOption] = []
    for store in nearby:
        location_id = store_locations.get(store.id)
        if location_id is None:
            continue
        per_line = _lines(wanted, have, location_id)
        if not any(line.available for line in per_line):
            continue
        complete = all(line.available >= line.requested for line in per_line)
        options.append(
            PickupOption(
                store_id=store.id,
                store_code=store.code,
                store_name=store.name,
                address=store.address,
                distance_km=store.distance_km,
                complete=complete,
                ready_at=ready_at(
                    now,
                    ready_minutes=store.pickup_ready_minutes,
                    hours=store.hours,
                    timezone=store.timezone,
                )
                if complete
                else None,
                lines=per_line,
            )
        )
    options.sort(key=lambda o: (not o.complete, o.distance_km))
    return Availability(pickup=options[:limit], delivery=_delivery(wanted, have, warehouses))


def _delivery(
    wanted: dict[int, int], have: dict[tuple[int, int], int], warehouses: list[tuple[int, str]]
) -> DeliveryOption:
    for location_id, code in warehouses:
        per_line = _lines(wanted, have, location_id)
        if all(line.available >= line.requested for line in per_line):
            return DeliveryOption(available=True, location_code=code, lines=per_line)
    first = _lines(wanted, have, warehouses[0][0]) if warehouses else []
    return DeliveryOption(available=False, location_code=None, lines=first)
