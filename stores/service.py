"""Store, guide and manager use cases; functions take the session and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.platform.errors import NotFound
from stores.models import Guide, Manager, ManagerRegion, OpeningHours, Region, Store
from stores.schemas import GuideRead, OpeningHoursRead, RegionArea, RegionRead, StoreRead


def get_store(*, session: Session, store_id: int) -> StoreRead:
    """One store, any status."""
    store = session.get(Store, store_id)
    if store is None:
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    return StoreRead.model_validate(store)


def list_stores(
    *,
    session: Session,
    region_ids: Sequence[int] | None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[StoreRead], int]:
    """Stores of the given regions (all when ``region_ids`` is None), by code."""
    query = select(Store)
    if region_ids is not None:
        query = query.where(Store.region_id.in_(region_ids))
    if status is not None:
        query = query.where(Store.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Store.code).offset(offset).limit(limit)).all()
    return [StoreRead.model_validate(s) for s in rows], total


def store_ids_in(*, session: Session, region_ids: Sequence[int]) -> list[int]:
    """Every store of the given regions, whatever its status."""
    return list(session.scalars(select(Store.id).where(Store.region_id.in_(region_ids))))


def managers_answering_for(*, session: Session, store_id: int | None) -> list[int]:
    """Active managers who answer for a store: its region's managers; for no store (a
    delivery order, handled by HQ) the HQ managers. Ids in order."""
    if store_id is None:
        query = select(Manager.id).where(Manager.hq, Manager.active)
    else:
        query = (
            select(Manager.id)
            .join(ManagerRegion, ManagerRegion.manager_id == Manager.id)
            .join(Store, Store.region_id == ManagerRegion.region_id)
            .where(Store.id == store_id, Manager.active)
        )
    return sorted(set(session.scalars(query)))


def list_regions(*, session: Session, region_ids: Sequence[int] | None) -> list[RegionRead]:
    query = select(Region).order_by(Region.code)
    if region_ids is not None:
        query = query.where(Region.id.in_(region_ids))
    return [region_read(r) for r in session.scalars(query)]


def region_read(region: Region) -> RegionRead:
    """A region with its area, or none while HQ has not set one."""
    box = (region.area_south, region.area_west, region.area_north, region.area_east)
    south, west, north, east = box
    area = (
        None
        if south is None or west is None or north is None or east is None
        else RegionArea(south=south, west=west, north=north, east=east)
    )
    return RegionRead(id=region.id, code=region.code, name=region.name, area=area)


def open_stores(*, session: Session) -> list[StoreRead]:
    """Every open store, for the nearby index (Core rows: no ORM identity map to fill)."""
    hours: dict[int, list[tuple[int, time, time]]] = {}
    hours_query = (
        select(
            OpeningHours.store_id,
            OpeningHours.weekday,
            OpeningHours.opens_at,
            OpeningHours.closes_at,
        )
        .join(Store, Store.id == OpeningHours.store_id)
        .where(Store.status == "open")
        .order_by(OpeningHours.store_id, OpeningHours.weekday)
    )
    for store_id, weekday, opens_at, closes_at in session.execute(hours_query):
        hours.setdefault(store_id, []).append((weekday, opens_at, closes_at))
    # Most stores keep the same hours: share one list per distinct timetable.
    timetables: dict[tuple[tuple[int, time, time], ...], list[OpeningHoursRead]] = {}
    columns = [c for c in Store.__table__.columns if c.name in StoreRead.model_fields]
    stores = []
    for row in session.execute(select(*columns).where(Store.status == "open").order_by(Store.id)):
        key = tuple(hours.get(row.id, ()))
        if key not in timetables:
            timetables[key] = [
                OpeningHoursRead(weekday=w, opens_at=o, closes_at=c) for w, o, c in key
            ]
        stores.append(StoreRead.model_construct(**row._asdict(), hours=timetables[key]))
    return stores


def openings(*, session: Session) -> dict[int, datetime]:
    """When each open store opened (those with a date): the store finder's new-store boost."""
    rows = session.execute(
        select(Store.id, Store.opened_on).where(
            Store.status == "open", Store.opened_on.is_not(None)
        )
    )
    return {store_id: opened_on for store_id, opened_on in rows if opened_on is not None}


def stores_fingerprint(*, session: Session) -> tuple[Any, ...]:
    """Changes whenever a store is added, removed or updated."""
    row = session.execute(select(func.count(Store.id), func.max(Store.updated_at))).one()
    return tuple(row)


def get_guide(*, session: Session, guide_id: int) -> GuideRead:
    guide = session.get(Guide, guide_id)
    if guide is None or not guide.active:
        raise NotFound(f"guide {guide_id} does not exist", code="guide_not_found")
    return GuideRead.model_validate(guide)


def display_names(*, session: Session, kind: str, ids: Sequence[int]) -> dict[int, str]:
    """Stores as ``code name``, guides as ``name (store code)``, regions by name."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    if kind == "store":
        rows = session.execute(
            select(Store.id, Store.code, Store.name).where(Store.id.in_(wanted))
        ).all()
        return {i: f"{code} {name}" for i, code, name in rows}
    if kind == "guide":
        found = session.execute(
            select(Guide.id, Guide.name, Store.code)
            .join(Store, Store.id == Guide.store_id)
            .where(Guide.id.in_(wanted))
        ).all()
        return {i: f"{name} ({code})" for i, name, code in found}
    if kind == "region":
        regions = session.execute(select(Region.id, Region.name).where(Region.id.in_(wanted)))
        return {i: name for i, name in regions.all()}
    raise ValueError(f"no names kept for {kind!r}")
