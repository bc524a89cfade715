"""A store's free units for the shopper's list (``free_here_async``): every SKU its location
keeps, with the same rule as an offer's ``free``; a store keeping nothing answers empty."""

from __future__ import annotations

from typing import Any

from inventory.client import free_here_async
from services.platform import adb
from tests import aio, factories


def test_every_sku_kept_with_its_free_units_and_an_empty_store_answers_empty(db: Any) -> None:
    region = factories.region().id
    kept, empty = factories.store(region), factories.store(region)
    here = factories.location(store_id=kept.id)
    factories.location(store_id=empty.id)
    some, none = factories.sku(), factories.sku()
    factories.stock(here.id, some, 3)
    factories.stock(here.id, none, 0)

    async def read(connection: adb.Connection, _redis: Any) -> tuple[dict[int, int], ...]:
        return (
            await free_here_async(connection, kept.id),
            await free_here_async(connection, empty.id),
        )

    assert aio.run(read) == ({some: 3, none: 0}, {})
