"""A worker's memory of what is the same for every shopper: what is popular where, and
what each store can offer.

The shopper's list reads one statement of its own (the member's, ``serving.MEMBER``); the
rest of an answer is the same for every member at a store, so each worker keeps it rather
than asking PostgreSQL again per request (the statements were most of the list's cost:
``bench/recommendations.py``):

* **popular lists** (per store, city and brand-wide): written only by training, read again
  every ``POPULAR_SECONDS`` (a retrain shows within a minute; they are not personal);
* **offers** per store (inventory's ``offers_async``: on sale, price, free units): kept
  ``O2O_RECOMMENDATIONS_STOCK_SECONDS`` (5) per store, then read again. So a SKU that sold
  out at a store can still be suggested there for that long (placing the order checks
  stock itself); 0 reads them on every answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from inventory.client import Offer, offers_async
from services.platform import adb
from services.recommendations.serving import POPULAR, Popular, popular_lists

#: How long a worker keeps the popular lists (they change only when training runs).
POPULAR_SECONDS = 60.0


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
        #: store (None: no store asked) -> (read again after, product -> offer or None:
        #: not on sale). At most stores x products.
        self._stock: dict[int | None, tuple[float, dict[int, Offer | None]]] = {}
        #: Every product asked about (at most the catalog): what a store's read covers.
        self._asked: set[int] = set()

    async def popular(self, connection: adb.Connection) -> Popular:
        """Every place's popular lists (read again once stale)."""
        now = self._clock()
        if now >= self._popular_until:
            rows = await adb.fetch(
                connection, POPULAR, {"everywhere": True, "store": None, "city": None}
            )
            self._popular = popular_lists(rows)
            self._popular_until = now + self.popular_seconds
        return self._popular

    async def offers(
        self, connection: adb.Connection, product_ids: Sequence[int], store_id: int | None
    ) -> dict[int, Offer]:
        """``offers_async`` for ``product_ids`` at ``store_id``. A store's offers are read
        at once for every product this worker was asked about, and kept ``stock_seconds``:
        one statement per store and period, rather than one per answer (shoppers' lists at
        a store ask for a few dozen products between them)."""
        now = self._clock()
        entry = self._stock.get(store_id)
        if entry is None or now >= entry[0]:
            entry = (now + self.stock_seconds, {})
            self._stock[store_id] = entry
        known = entry[1]
        if any(p not in known for p in product_ids):
            self._asked.update(product_ids)
            wanted = sorted(self._asked)
            found = await offers_async(connection, wanted, store_id)
            for product in wanted:
                known[product] = found.get(product)
        return {p: offer for p in product_ids if (offer := known[p]) is not None}
