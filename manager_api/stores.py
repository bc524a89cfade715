"""Stores in the manager's regions (HQ sees all)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.platform.errors import Forbidden, NotFound
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination
from stores import service as stores
from stores import store_admin
from stores.schemas import RegionArea, RegionRead, StoreRead

router = APIRouter(tags=["stores"])


@router.get("/regions", response_model=list[RegionRead])
def list_regions(manager: CurrentManager, uow: UowDep) -> list[RegionRead]:
    """Your regions (HQ: all), each with its area once HQ has drawn one."""
    return stores.list_regions(session=uow.session, region_ids=manager.regions)


@router.put("/regions/{region_id}/area", response_model=RegionRead)
@answers("regions_hq_only", "region_not_found@404")
def set_region_area(
    region_id: Id, body: RegionArea, manager: CurrentManager, uow: UowDep
) -> RegionRead:
    """HQ sets a region's area (a latitude/longitude box). A regional manager may place a
    store only inside it (``store_outside_region``; ``region_area_unset`` until it is set),
    and a member whose consented home lies in it is the region's own (campaigns, siting)."""
    if not manager.hq:
        raise Forbidden("only HQ draws regions' areas", code="regions_hq_only")
    read = store_admin.set_region_area(uow.session, region_id=region_id, area=body)
    uow.commit()
    return read


@router.get("/stores", response_model=Page[StoreRead])
def list_stores(
    manager: CurrentManager,
    uow: UowDep,
    page: Pagination,
    status: Annotated[Literal["planned", "open", "closed"] | None, Query()] = None,
) -> Page[StoreRead]:
    items, total = stores.list_stores(
        session=uow.session,
        region_ids=manager.regions,
        status=status,
        offset=page.offset,
        limit=page.limit,
    )
    return page.page(items, total)


@router.get("/stores/{store_id}", response_model=StoreRead)
@answers("store_not_found")
def get_store(manager: CurrentManager, uow: UowDep, store_id: Id) -> StoreRead:
    store = stores.get_store(session=uow.session, store_id=store_id)
    if not manager.can_see_region(store.region_id):
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    return store
