"""Public interface of the inventory service for other services."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from inventory import availability as availability_module
from inventory import (
    checkout,
    offers,
    operations,
    reservations,
    returns,
    service,
    sku_stock,
    sold_out,
)
from inventory.availability import merge_lines
from inventory.ledger import Staff
from inventory.offers import Offer, OfferSku
from inventory.purchase_limits import over_purchase_limit, purchase_limits
from inventory.schemas import (
    Availability,
    AvailabilityQuery,
    CartLine,
    ProductRead,
    ReservationRead,
    SkuStockHere,
)
from services.platform.db import utcnow
from services.platform.settings import get_settings
from stores.client import LocalStoresClient, new_store_boost

#: ``checkout``: the async stock steps of placing an order (event loop, caller's transaction).
#: ``offers_async``: what can be offered now, on the event loop (recommendations).
offers_async = offers.offers_async
#: ``free_here_async``/``at_store``: a store's free units, read apart from the catalog's part.
free_here_async = offers.free_here_async
at_store = offers.at_store
__all__ = [
    "LocalInventoryClient",
    "Offer",
    "OfferSku",
    "Staff",
    "at_store",
    "checkout",
    "free_here_async",
    "merge_lines",
    "offers_async",
    "over_purchase_limit",
    "sold_out",
]


class LocalInventoryClient:
    """In-process adapter working in the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_product(self, product_id: int) -> ProductRead:
        return service.get_product(session=self._session, product_id=product_id)

    def availability(
        self,
        lines: Sequence[CartLine],
        *,
        latitude: float,
        longitude: float,
        radius_km: float = 20.0,
        limit: int = 10,
        now: datetime | None = None,
        exact: bool = False,
    ) -> Availability:
        """Where the cart can be had; ``exact`` counts for staff, stock levels for shoppers."""
        return availability_module.availability(
            session=self._session,
            stores=LocalStoresClient(self._session),
            lines=lines,
            latitude=latitude,
            longitude=longitude,
            radius_km=radius_km,
            limit=limit,
            now=now or utcnow(),
            exact=exact,
            low_threshold=get_settings().low_stock_threshold,
            boost=new_store_boost(),
        )

    def availability_for(self, query: AvailabilityQuery, *, exact: bool = False) -> Availability:
        """``availability`` for a request's query."""
        return self.availability(
            query.lines,
            latitude=query.lat,
            longitude=query.lon,
            radius_km=query.radius_km,
            limit=query.limit,
            exact=exact,
        )

    def sku_near_store(
        self, sku_id: int, *, store_id: int, radius_km: float = 50.0, limit: int = 5
    ) -> SkuStockHere:
        """A SKU's exact stock at ``store_id`` and the nearest stores with some free."""
        return sku_stock.near_store(
            session=self._session,
            stores=LocalStoresClient(self._session),
            sku_id=sku_id,
            store_id=store_id,
            radius_km=radius_km,
            limit=limit,
            now=utcnow(),
            low_threshold=get_settings().low_stock_threshold,
        )

    def reserve(
        self, *, reference: str, location_id: int, lines: Mapping[int, int], until: datetime
    ) -> ReservationRead:
        return reservations.reserve(
            session=self._session,
            reference=reference,
            location_id=location_id,
            lines=lines,
            until=until,
        )

    def check_skus(self, sku_ids: Sequence[int]) -> None:
        """Every SKU exists and is on sale, or NotFound ``sku_not_found`` naming the others."""
        availability_module.check_skus(self._session, sku_ids)

    def purchase_limits(self, sku_ids: Sequence[int]) -> dict[int, int | None]:
        """Each SKU's own purchase limit (None: ``O2O_UNITS_PER_SKU``; ``over_purchase_limit``)."""
        return purchase_limits(session=self._session, sku_ids=sku_ids)

    def beyond_purchase_limit(self, wanted: Mapping[int, int]) -> tuple[int, int] | None:
        """The first ``(sku_id, limit)`` that ``wanted`` (units per SKU) exceeds, or None."""
        limits = purchase_limits(session=self._session, sku_ids=sorted(wanted))
        return over_purchase_limit(wanted, limits, get_settings().units_per_sku)

    def offers(
        self, product_ids: Sequence[int], *, store_id: int | None = None
    ) -> dict[int, Offer]:
        """The products on sale among ``product_ids`` with their SKUs on sale (and the units
        free at ``store_id`` now), for suggestions: what a shopper could be handed today."""
        return offers.offers(session=self._session, product_ids=product_ids, store_id=store_id)

    def products_of(self, sku_ids: Sequence[int]) -> dict[int, int]:
        """SKU id -> its product's id, for the SKUs that exist."""
        return service.products_of(session=self._session, sku_ids=sku_ids)

    def prices_now(self, sku_ids: Sequence[int]) -> dict[int, int]:
        """SKU id -> its price in force now (fen), for the SKUs that exist."""
        return service.prices_now(session=self._session, sku_ids=sku_ids)

    def store_location(self, store_id: int) -> int:
        """The stock location of a store (NotFound ``location_not_found`` when it keeps none)."""
        return operations.store_location(
            session=self._session, store_id=store_id, own_store_id=store_id
        )

    def confirm(self, reservation_id: int) -> None:
        reservations.confirm(session=self._session, reservation_id=reservation_id)

    def release(self, reservation_id: int) -> bool:
        return reservations.release(session=self._session, reservation_id=reservation_id)

    def fulfil(self, reservation_id: int, *, staff: Staff | None = None) -> None:
        """The allocated units leave; ``staff`` is who handed over or shipped them."""
        reservations.fulfil(session=self._session, reservation_id=reservation_id, staff=staff)

    def restock(
        self, reservation_id: int, returned: Mapping[int, int], *, staff: Staff | None = None
    ) -> None:
        """Units the shopper brought back go back on the shelf they left (``returns``)."""
        returns.restock(
            session=self._session, reservation_id=reservation_id, returned=returned, staff=staff
        )

    def returnable(self, reservation_id: int) -> dict[int, int]:
        """SKU -> units the order may still bring back (sold less already restocked)."""
        return returns.units_left(session=self._session, reservation_id=reservation_id)

    def exchange(
        self,
        reservation_id: int,
        returned: Mapping[int, int],
        handed: Mapping[int, int],
        *,
        staff: Staff | None = None,
    ) -> None:
        """Returned units back on the shelf, replacements off it, both on the ledger."""
        returns.exchange(
            session=self._session,
            reservation_id=reservation_id,
            returned=returned,
            handed=handed,
            staff=staff,
        )
