"""The store's stock on the tablet: receive a delivery, adjust, count, a SKU's movements.

Only the guide's own store: another store's id answers 404 (``operations.store_location``).
"""

from __future__ import annotations

from inventory import operations
from inventory.client import Staff
from inventory.stock_routes import Site, stock_router
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep


@answers("location_not_found")
def _site(store_id: Id, guide: CurrentGuide, uow: UowDep) -> Site:
    assert guide.store_id is not None
    location_id = operations.store_location(
        session=uow.session, store_id=store_id, own_store_id=guide.store_id
    )
    return Site(location_id, Staff("guide", guide.subject))


router = stock_router("/stores/{store_id}/stock", _site)
