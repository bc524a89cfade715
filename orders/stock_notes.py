"""Why a pickup cart is short, in the shopper's terms: which store, and whether it is their
own try-on hold (units they asked to try on at an appointment) that keeps the units.

Inventory refuses with a SKU and a stock location; a shopper knows stores, not locations.
The same explanation serves the refusal of ``POST /orders`` and the preview's warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from inventory.client import checkout as stock
from inventory.client import sold_out
from services.platform.adb import Connection
from services.platform.errors import Conflict
from stores.client import open_store_async, try_on_holds_async

ShortReason = Literal["held_by_your_try_on", "not_enough_stock"]


def short_reason(*, wanted: int, free: int, held_by_you: int) -> ShortReason:
    """Your own try-on hold is the reason when giving it back would cover the line."""
    if held_by_you > 0 and free + held_by_you >= wanted:
        return "held_by_your_try_on"
    return "not_enough_stock"


_MESSAGES: dict[ShortReason, str] = {
    "held_by_your_try_on": (
        "the units are held for your try-on appointment at {store}: buy them there,"
        " or cancel the appointment first"
    ),
    "not_enough_stock": "not enough stock at {store} for this cart",
}


async def explain(
    connection: Connection,
    refusal: Conflict,
    *,
    member_id: int,
    store_id: int,
    wanted: Mapping[int, int],
) -> Conflict:
    """The ``out_of_stock`` refusal naming the store and the reason, instead of a location."""
    details = dict(refusal.details or {})
    location_id, sku_id = details.get("location_id"), details.get("sku_id")
    if location_id is None or sku_id is None:
        return refusal
    holds = await try_on_holds_async(connection, member_id=member_id, store_id=store_id)
    free, held = await stock.shortfall(
        connection, location_id=int(location_id), sku_id=int(sku_id), reservation_ids=holds
    )
    reason = short_reason(wanted=wanted.get(int(sku_id), 0), free=free, held_by_you=held)
    store = await open_store_async(store_id)
    name = store.name if store is not None else f"store {store_id}"
    # No unit free for anyone (not a short quantity, not this shopper's try-on): the one
    # refusal a store's sold-out mark may repeat (inventory.sold_out).
    kind = sold_out.SoldOut if free == 0 and reason == "not_enough_stock" else Conflict
    return kind(
        _MESSAGES[reason].format(store=name),
        code="out_of_stock",
        details={"sku_id": int(sku_id), "store_id": store_id, "store_name": name, "reason": reason},
    )
