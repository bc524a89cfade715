"""A worker's memory of what is the same for every shopper: what is popular where, and
what each store can offer.

The shopper's list reads one statement of its own (the member's, ``serving.MEMBER``); the
rest of an answer is the same for every member at a store, so each worker keeps it rather
than asking PostgreSQL again per request (the statements were most of the list's cost:
``bench/recommendations.py``):

* **popular lists** (per store, city and brand-wide): written only by training, read again
  every ``POPULAR_SECONDS`` (a retrain shows within a minute; they are not personal);
* **offers**: what is on sale and its price (inventory's ``offers_async`` with no store,
  once for every store) and each store's free units (``free_here_async``: two integers a
  SKU), each kept ``O2O_RECOMMENDATIONS_STOCK_SECONDS`` (5), then read again (by one
  answer: the others use the old copy meanwhile, so add one read's time); a product's
  offer at a store is put together from the two when first asked (``at_store``). So a SKU
  that sold out at a store can still be suggested there for that long (placing the order
  checks stock itself); 0 reads them on every answer. (Reading every store's whole offer
  rows per period was the list's largest cost: 64 stores x the catalog every 5 s.)
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from inventory.client import Offer, at_store, free_here_async, offers_async
from services.platform import adb
from services.recommendations.serving import POPULAR, Popular, popular_lists

#: The answer's connection, taken when first needed (``adb.OnDemand``).
Connect = Callable[[], Awaitable[adb.Connection]]
#: How long a worker keeps the popular lists (they change only when training runs).
POPULAR_SECONDS = 60.0


@dataclass
class _Catalog:
    until: float
    #: product -> its offer with no store (None: not on sale); every product asked about.
    offers: dict[int, Offer | None]
    #: A read of the next copy is under way: meanwhile this one serves (no herd of reads).
    reading: bool = False


@dataclass
class _Store:
    until: float
    free: dict[int, int]  # SKU -> free units there (every SKU the store keeps)
    reading: bool = False
    catalog: _Catalog | None = None  # the copy ``built`` was put together from
    built: dict[int, Offer | None] = field(default_factory=dict)


class Showcase:
    def __init__(
        self,
        *,
        stock_seconds: float,
        popular_seconds: float = POPULAR_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stock_seconds = stock_seconds
        self.popular_seconds = popular_seconds
        self._clock = clock
        self._popular: Popular = {}
        self._popular_until = float("-inf")
        self._catalog = _Catalog(float("-inf"), {})
        self._stores: dict[int, _Store] = {}

    async def popular(self, connect: Connect) -> Popular:
        """Every place's popular lists (read again once stale)."""
        now = self._clock()
        if now >= self._popular_until:
            rows = await adb.fetch(
                await connect(), POPULAR, {"everywhere": True, "store": None, "city": None}
            )
            self._popular = popular_lists(rows)
            self._popular_until = now + self.popular_seconds
        return self._popular

    async def offers(
        self, connect: Connect, product_ids: Sequence[int], store_id: int | None
    ) -> dict[int, Offer]:
        """``offers_async`` for ``product_ids`` at ``store_id``, from the worker's copies:
        the catalog's part for every product this worker was asked about (one statement a
        period for every store), a store's free units (one small statement a store and
        period)."""
        now = self._clock()
        catalog = await self._catalog_for(connect, product_ids, now)
        if store_id is None:
            return {p: offer for p in product_ids if (offer := catalog.offers[p]) is not None}
        store = self._stores.get(store_id)
        if store is None or (now >= store.until and not store.reading):
            store = await self._read_store(connect, store_id, store, now)
        if store.catalog is not catalog:
            store.catalog, store.built = catalog, {}
        found: dict[int, Offer] = {}
        for product in product_ids:
            if product not in store.built:
                offer = catalog.offers[product]
                store.built[product] = None if offer is None else at_store(offer, store.free)
            if (here := store.built[product]) is not None:
                found[product] = here
        return found

    async def _read_store(
        self, connect: Connect, store_id: int, old: _Store | None, now: float
    ) -> _Store:
        if old is not None:
            old.reading = True  # the other answers meanwhile use the old copy
        try:
            free = await free_here_async(await connect(), store_id)
        finally:
            if old is not None:
                old.reading = False
        store = _Store(now + self.stock_seconds, free)
        self._stores[store_id] = store
        return store

    async def _catalog_for(
        self, connect: Connect, product_ids: Sequence[int], now: float
    ) -> _Catalog:
        catalog = self._catalog
        missing = any(p not in catalog.offers for p in product_ids)
        if missing or (now >= catalog.until and not catalog.reading):
            catalog.reading = True  # an expired copy still serves while this read runs
            try:
                wanted = sorted({*catalog.offers, *product_ids})
                found = await offers_async(await connect(), wanted, None)
            finally:
                catalog.reading = False
            catalog = _Catalog(now + self.stock_seconds, {p: found.get(p) for p in wanted})
            self._catalog = catalog
        return catalog
