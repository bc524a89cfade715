"""Stock at a location in the manager's scope: receive, adjust, count, a SKU's movements.

A regional manager acts at the stores of their regions, HQ everywhere (warehouses
too); any other location answers 404 (``operations.managed_location``).
"""

from __future__ import annotations

from fastapi import APIRouter

from inventory import ledger, operations
from inventory.client import Staff
from inventory.schemas import (
    AdjustmentCreate,
    CountCreate,
    CountRead,
    MovementRead,
    ReceiptCreate,
    ReceiptRead,
    StockLevelRead,
)
from services.platform.inputs import Id
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(tags=["stock"])


def _at(uow: UowDep, manager: CurrentManager, location_id: int) -> tuple[int, Staff]:
    location_id = operations.managed_location(
        session=uow.session, location_id=location_id, region_ids=manager.regions
    )
    return location_id, Staff("manager", manager.subject)


@router.post("/locations/{location_id}/stock/receipts", response_model=ReceiptRead)
def receive(
    location_id: Id, body: ReceiptCreate, manager: CurrentManager, uow: UowDep
) -> ReceiptRead:
    """Book a delivery in; the same delivery note again changes nothing (``applied: false``)."""
    location_id, staff = _at(uow, manager, location_id)
    result = operations.receive(
        session=uow.session, location_id=location_id, receipt=body, staff=staff
    )
    uow.commit()
    return result


@router.post("/locations/{location_id}/stock/adjustments", response_model=StockLevelRead)
def adjust(
    location_id: Id, body: AdjustmentCreate, manager: CurrentManager, uow: UowDep
) -> StockLevelRead:
    location_id, staff = _at(uow, manager, location_id)
    result = operations.adjust(
        session=uow.session, location_id=location_id, adjustment=body, staff=staff
    )
    uow.commit()
    return result


@router.post("/locations/{location_id}/stock/counts", response_model=CountRead)
def count(location_id: Id, body: CountCreate, manager: CurrentManager, uow: UowDep) -> CountRead:
    location_id, staff = _at(uow, manager, location_id)
    result = operations.count(
        session=uow.session, location_id=location_id, counted=body, staff=staff
    )
    uow.commit()
    return result


@router.get("/locations/{location_id}/stock/{sku_id}/movements", response_model=Page[MovementRead])
def movements(
    location_id: Id, sku_id: Id, manager: CurrentManager, uow: UowDep, page: Pagination
) -> Page[MovementRead]:
    location_id, _ = _at(uow, manager, location_id)
    items, total = ledger.history(
        session=uow.session,
        location_id=location_id,
        sku_id=sku_id,
        offset=page.offset,
        limit=page.limit,
    )
    return page.page(items, total)
