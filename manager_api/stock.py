"""Stock at a location in the manager's scope: receive, adjust, count, a SKU's movements.

A regional manager acts at the stores of their regions, HQ everywhere (warehouses
too); any other location answers 404 (``operations.managed_location``).
"""

from __future__ import annotations

from inventory import operations
from inventory.client import Staff
from inventory.stock_routes import Site, stock_router
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep


@answers("location_not_found")
def _site(location_id: Id, manager: CurrentManager, uow: UowDep) -> Site:
    location_id = operations.managed_location(
        session=uow.session, location_id=location_id, region_ids=manager.regions
    )
    return Site(location_id, Staff("manager", manager.subject))


router = stock_router("/locations/{location_id}/stock", _site)
