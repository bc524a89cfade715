"""Managers open and run stores in their regions: create, update, open, close.

Closing a store cancels its upcoming appointments and tells each shopper why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.platform.errors import Conflict, InvalidInput, NotFound
from stores import areas
from stores.appointments import agenda
from stores.models import OpeningHours, Region, Store
from stores.schemas import RegionArea, RegionRead, StoreCreate, StoreRead, StoreUpdate
from stores.service import region_read

Regions = Sequence[int] | None

#: Where a store may go from each status (a closed store stays closed: open a new one).
STATUS_MOVES: dict[str, frozenset[str]] = {
    "planned": frozenset({"open", "closed"}),
    "open": frozenset({"closed"}),
    "closed": frozenset(),
}


def check_move(current: str, wanted: str) -> None:
    """Pure: refuse a status change the table does not allow (staying put is fine)."""
    if wanted != current and wanted not in STATUS_MOVES[current]:
        raise Conflict(
            f"a {current} store cannot become {wanted}",
            code="store_status",
            details={"status": current, "allowed": sorted(STATUS_MOVES[current])},
        )


def _in_scope(region_id: int, region_ids: Regions) -> bool:
    return region_ids is None or region_id in region_ids


def _check_region(session: Session, region_id: int, region_ids: Regions) -> None:
    """A region in the manager's scope that exists (HQ's scope is every region there is)."""
    if not _in_scope(region_id, region_ids) or session.get(Region, region_id) is None:
        raise NotFound(f"region {region_id} does not exist", code="region_not_found")


def _check_site(
    session: Session, region_id: int, latitude: float, longitude: float, region_ids: Regions
) -> None:
    """A regional manager's store stands inside its region's area; HQ may place one anywhere.

    Scope follows members, not a store's region id: without this a store placed in another
    region's city would draw that city's members into this region's campaigns and siting.
    """
    if region_ids is None:
        return
    region = session.get(Region, region_id)
    assert region is not None  # _check_region ran first
    south, west, north, east = (
        region.area_south,
        region.area_west,
        region.area_north,
        region.area_east,
    )
    if south is None or west is None or north is None or east is None:
        raise Conflict(
            f"region {region_id} has no area yet; ask head office to place this store",
            code="region_area_unset",
        )
    area = (south, west, north, east)
    if not areas.contains(area, latitude, longitude):
        raise InvalidInput(
            f"the store's coordinates lie outside region {region_id}",
            code="store_outside_region",
            details={
                "latitude": latitude,
                "longitude": longitude,
                "area": dict(zip(("south", "west", "north", "east"), area, strict=True)),
            },
        )


def create_store(*, session: Session, data: StoreCreate, region_ids: Regions) -> StoreRead:
    _check_region(session, data.region_id, region_ids)
    _check_site(session, data.region_id, data.latitude, data.longitude, region_ids)
    if session.scalar(select(Store.id).where(Store.code == data.code)) is not None:
        raise Conflict(f"store code {data.code} is taken", code="store_code_taken")
    store = Store(
        **data.model_dump(exclude={"hours"}),
        hours=[OpeningHours(**h.model_dump()) for h in data.hours],
    )
    session.add(store)
    session.flush()
    return StoreRead.model_validate(store)


def update_store(
    *, session: Session, store_id: int, changes: StoreUpdate, region_ids: Regions, now: datetime
) -> StoreRead:
    store = session.get(Store, store_id, with_for_update=True)
    if store is None or not _in_scope(store.region_id, region_ids):
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    fields = changes.model_dump(exclude_unset=True, exclude={"hours"})
    if nulls := sorted(name for name, value in fields.items() if value is None):
        raise InvalidInput("these fields cannot be null", code="null_field", details=nulls)
    if "region_id" in fields:
        _check_region(session, fields["region_id"], region_ids)
    if fields.keys() & {"region_id", "latitude", "longitude"}:
        _check_site(
            session,
            fields.get("region_id", store.region_id),
            fields.get("latitude", store.latitude),
            fields.get("longitude", store.longitude),
            region_ids,
        )
    closing = fields.get("status") == "closed" and store.status != "closed"
    if "status" in fields:
        check_move(store.status, fields["status"])
        if fields["status"] == "open" and store.opened_on is None:
            store.opened_on = now
    for name, value in fields.items():
        setattr(store, name, value)
    if changes.hours is not None:
        store.hours = [OpeningHours(**h.model_dump()) for h in changes.hours]
    session.flush()
    if closing:
        agenda.cancel_upcoming(
            session=session, store_id=store.id, now=now, reason="the store has closed"
        )
    session.refresh(store)
    return StoreRead.model_validate(store)


def set_region_area(session: Session, *, region_id: int, area: RegionArea) -> RegionRead:
    """HQ draws a region's area: where its managers may place stores and which consented
    homes make members its own. Stores already outside it stay where they are."""
    region = session.get(Region, region_id, with_for_update=True)
    if region is None:
        raise NotFound(f"region {region_id} does not exist", code="region_not_found")
    region.area_south, region.area_west = area.south, area.west
    region.area_north, region.area_east = area.north, area.east
    session.flush()
    return region_read(region)
