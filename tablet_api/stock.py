"""The store's stock on the tablet: receive a delivery, adjust, count, a SKU's movements.

Only the guide's own store: another store's id answers 404 (``operations.store_location``).
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
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(tags=["stock"])


def _at(uow: UowDep, guide: CurrentGuide, store_id: int) -> tuple[int, Staff]:
    assert guide.store_id is not None
    location_id = operations.store_location(
        session=uow.session, store_id=store_id, own_store_id=guide.store_id
    )
    return location_id, Staff("guide", guide.subject)


@router.post("/stores/{store_id}/stock/receipts", response_model=ReceiptRead)
def receive(store_id: Id, body: ReceiptCreate, guide: CurrentGuide, uow: UowDep) -> ReceiptRead:
    """Book a delivery in; the same delivery note again changes nothing (``applied: false``)."""
    location_id, staff = _at(uow, guide, store_id)
    result = operations.receive(
        session=uow.session, location_id=location_id, receipt=body, staff=staff
    )
    uow.commit()
    return result


@router.post("/stores/{store_id}/stock/adjustments", response_model=StockLevelRead)
def adjust(
    store_id: Id, body: AdjustmentCreate, guide: CurrentGuide, uow: UowDep
) -> StockLevelRead:
    location_id, staff = _at(uow, guide, store_id)
    result = operations.adjust(
        session=uow.session, location_id=location_id, adjustment=body, staff=staff
    )
    uow.commit()
    return result


@router.post("/stores/{store_id}/stock/counts", response_model=CountRead)
def count(store_id: Id, body: CountCreate, guide: CurrentGuide, uow: UowDep) -> CountRead:
    location_id, staff = _at(uow, guide, store_id)
    result = operations.count(
        session=uow.session, location_id=location_id, counted=body, staff=staff
    )
    uow.commit()
    return result


@router.get("/stores/{store_id}/stock/{sku_id}/movements", response_model=Page[MovementRead])
def movements(
    store_id: Id, sku_id: Id, guide: CurrentGuide, uow: UowDep, page: Pagination
) -> Page[MovementRead]:
    location_id, _ = _at(uow, guide, store_id)
    items, total = ledger.history(
        session=uow.session,
        location_id=location_id,
        sku_id=sku_id,
        offset=page.offset,
        limit=page.limit,
    )
    return page.page(items, total)
