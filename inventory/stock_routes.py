"""The stock routes both staff front doors serve, built once around their own scope.

The tablet and the manager API differ only in *where* and *who* (a guide's own
store, a manager's location); each passes a dependency answering that as a
``Site``. The routes stay thin: the rules are in ``operations`` and ``ledger``.
"""

# No ``from __future__ import annotations``: FastAPI must see ``Here``, a local alias, as a
# type, not as a string it would look up in the module.
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from inventory import ledger, operations
from inventory.ledger import Staff
from inventory.schemas import (
    AdjustmentCreate,
    CountCreate,
    CountRead,
    MovementRead,
    ReceiptCreate,
    ReceiptRead,
    StockLevelRead,
)
from inventory.transfer_routes import add_transfer_routes
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination


@dataclass(frozen=True)
class Site:
    """The stock location a request acts on, and who acts."""

    location_id: int
    staff: Staff


def stock_router(prefix: str, site: Callable[..., Any]) -> APIRouter:
    """Receipts, adjustments, counts, transfers and movements at ``site``'s location."""
    router = APIRouter(prefix=prefix, tags=["stock"])
    Here = Annotated[Site, Depends(site)]

    @router.post("/receipts", response_model=ReceiptRead)
    @answers("repeated_sku", "sku_not_found", "delivery_note_reused")
    def receive(body: ReceiptCreate, here: Here, uow: UowDep) -> ReceiptRead:
        """Book a delivery in; the same delivery note again changes nothing (``applied: false``)."""
        result = operations.receive(
            session=uow.session, location_id=here.location_id, receipt=body, staff=here.staff
        )
        uow.commit()
        return result

    @router.post("/adjustments", response_model=StockLevelRead)
    @answers("adjustment_zero", "sku_not_found", "below_reserved", "not_enough_on_hand")
    def adjust(body: AdjustmentCreate, here: Here, uow: UowDep) -> StockLevelRead:
        """Damaged, lost, found: signed units with a reason; never below what is reserved."""
        result = operations.adjust(
            session=uow.session, location_id=here.location_id, adjustment=body, staff=here.staff
        )
        uow.commit()
        return result

    @router.post("/counts", response_model=CountRead)
    @answers(
        "repeated_sku",
        "sku_not_found",
        "count_below_reserved",
        "sku_not_in_category",
    )
    def count(body: CountCreate, here: Here, uow: UowDep) -> CountRead:
        """Counted quantities of a shelf, or of a whole ``category`` (unlisted SKUs on hand
        count as zero); the differences become ``count_correction`` adjustments."""
        result = operations.count(
            session=uow.session, location_id=here.location_id, counted=body, staff=here.staff
        )
        uow.commit()
        return result

    @router.get("/{sku_id}/movements", response_model=Page[MovementRead])
    def movements(sku_id: Id, here: Here, uow: UowDep, page: Pagination) -> Page[MovementRead]:
        """The SKU's movements at this location, newest first."""
        items, total = ledger.history(
            session=uow.session,
            location_id=here.location_id,
            sku_id=sku_id,
            offset=page.offset,
            limit=page.limit,
        )
        return page.page(items, total)

    add_transfer_routes(router, Here)
    return router
