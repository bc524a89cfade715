"""Where a cart can be had: pickup stores nearest first (whole cart or partial), and delivery."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.models import Location
from inventory.reservations import cart_arrays
from inventory.schemas import (
    Availability,
    CartLine,
    DeliveryOption,
    LineAvailability,
    PickupOption,
    StockLevel,
)
from inventory.sellable import COVERAGE, ON_SALE, not_on_sale
from services.platform.db import fetch
from services.platform.errors import InvalidInput
from stores.client import Choice, LocalStoresClient, NewStoreBoost, ready_at, route


def merge_lines(lines: Sequence[CartLine]) -> dict[int, int]:
    """Quantities by SKU (the same SKU twice counts once, summed), in SKU order."""
    if not lines:
        raise InvalidInput("the cart is empty", code="cart_empty")
    merged: dict[int, int] = {}
    for line in lines:
        merged[line.sku_id] = merged.get(line.sku_id, 0) + line.quantity
    return dict(sorted(merged.items()))


def check_skus(session: Session, sku_ids: Sequence[int]) -> None:
    """Every SKU exists and is on sale (``sellable.ON_SALE``), or NotFound naming the others."""
    rows = fetch(session, ON_SALE, {"skus": list(sku_ids)})
    refused = not_on_sale(sku_ids, (row["sku_id"] for row in rows))
    if refused:
        raise refused


@dataclass(frozen=True)
class _Cover:
    free: int
    enough: bool


def _coverage(
    session: Session, location_ids: Sequence[int], wanted: Mapping[int, int]
) -> dict[tuple[int, int], _Cover]:
    """Free units per (location, SKU) and whether they cover the line (``inventory.covers``)."""
    rows = fetch(session, COVERAGE, {"locations": list(location_ids), **cart_arrays(wanted)})
    return {(r["location_id"], r["sku_id"]): _Cover(r["free"], r["enough"]) for r in rows}


def free_at(session: Session, location_id: int, sku_id: int) -> int:
    """Units of ``sku_id`` free at the location (``inventory.free_units``; 0 with no row)."""
    free = _coverage(session, [location_id], {sku_id: 1})[(location_id, sku_id)].free
    return free or 0


@dataclass(frozen=True)
class _View:
    exact: bool
    low_threshold: int


def stock_level(available: int, *, low_threshold: int) -> StockLevel:
    """How much is left, in the words a shopper sees (pure)."""
    if available <= 0:
        return "out_of_stock"
    return "low" if available <= low_threshold else "in_stock"


def shown_count(available: int, level: StockLevel, *, exact: bool) -> int | None:
    """Staff see every count; shoppers only a low one ("2 left"), so a hoarder cannot
    read off exactly how much to hold."""
    return max(0, available) if exact or level == "low" else None


def _lines(
    wanted: dict[int, int], have: dict[tuple[int, int], _Cover], location_id: int, view: _View
) -> list[LineAvailability]:
    lines = []
    for sku, qty in wanted.items():
        free = have[(location_id, sku)].free
        level = stock_level(free, low_threshold=view.low_threshold)
        lines.append(
            LineAvailability(
                sku_id=sku,
                requested=qty,
                level=level,
                available=shown_count(free, level, exact=view.exact),
            )
        )
    return lines


def _complete(
    wanted: dict[int, int], have: dict[tuple[int, int], _Cover], location_id: int
) -> bool:
    return all(have[(location_id, sku)].enough for sku in wanted)


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
    exact: bool,
    low_threshold: int,
    boost: NewStoreBoost | None = None,
) -> Availability:
    """Pickup stores holding the cart (complete first by distance, then partial) and delivery.

    ``exact`` (staff) shows every count; otherwise lines say in stock, low (with the
    count, at or below ``low_threshold``) or out of stock.
    """
    view = _View(exact=exact, low_threshold=low_threshold)
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
    have = _coverage(session, [*store_locations.values(), *(w for w, _ in warehouses)], wanted)
    options: list[PickupOption] = []
    for store in nearby:
        location_id = store_locations.get(store.id)
        if location_id is None:
            continue
        if not any(have[(location_id, sku)].free > 0 for sku in wanted):
            continue
        per_line = _lines(wanted, have, location_id, view)
        complete = _complete(wanted, have, location_id)
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
    # Complete first by distance; a store opened lately leads for the members around it,
    # never hiding a nearer store that holds the whole cart (stores/routing.py).
    choices = [
        Choice(o.store_id, o.distance_km, stores.opened_on(o.store_id), o.complete) for o in options
    ]
    by_id = {o.store_id: o for o in options}
    shown = route(choices, boost=boost or NewStoreBoost(0, 0.0), now=now, limit=limit)
    delivery = _delivery(wanted, have, warehouses, view)
    return Availability(pickup=[by_id[i] for i in shown], delivery=delivery)


def _delivery(
    wanted: dict[int, int],
    have: dict[tuple[int, int], _Cover],
    warehouses: list[tuple[int, str]],
    view: _View,
) -> DeliveryOption:
    for location_id, code in warehouses:
        if _complete(wanted, have, location_id):
            lines = _lines(wanted, have, location_id, view)
            return DeliveryOption(available=True, location_code=code, lines=lines)
    first = _lines(wanted, have, warehouses[0][0], view) if warehouses else []
    return DeliveryOption(available=False, location_code=None, lines=first)
