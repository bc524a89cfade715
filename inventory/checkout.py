"""Stock for an order being placed, on the event loop (the flash-sale hot path).

The caller first reads the cart's SKUs and location (``pickup_cart``, or
``snapshots`` and ``delivery_location``): advisory reads before any
transaction, so a sold-out cart fails without writing anything. The writes are
inventory's database functions (``inventory/sql/``), called from the order's
own statement, ``orders.place_order``: ``inventory.hold_stock`` (the reservation
rows, not yet counted) and last ``inventory.take_stock`` (the conditional
UPDATEs, in SKU order, that count them; sync callers run the same function).
The reads predict it with the same ``inventory.covers``. ``stock_refusal`` reads
take_stock's refusal. ``confirm`` runs in a payment's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from inventory.reservations import CONFIRM, cart_arrays, short_line
from inventory.schemas import SkuSnapshot
from inventory.sellable import ON_SALE, not_on_sale
from services.platform.adb import Connection, fetch, fetch_one
from services.platform.errors import Conflict, NotFound

__all__ = [
    "cart_arrays",
    "confirm",
    "delivery_location",
    "pickup_cart",
    "shortfall",
    "snapshots",
    "stock_refusal",
]

# The first SKU (in SKU order) the location cannot cover now, per candidate location.
_SHORT = """
    (SELECT c.sku_id FROM unnest(CAST(%(skus)s AS integer[]), CAST(%(qtys)s AS integer[]))
         AS c(sku_id, qty)
     LEFT JOIN inventory.stock st ON st.location_id = l.id AND st.sku_id = c.sku_id
     WHERE NOT inventory.covers(st.on_hand, st.reserved, c.qty) ORDER BY c.sku_id LIMIT 1)
"""
_DELIVERY_LOCATION = f"""
    SELECT l.id AS location_id FROM inventory.locations l
    WHERE l.kind = 'warehouse' AND l.active AND {_SHORT} IS NULL ORDER BY l.id LIMIT 1
"""
_PICKUP_CART = f"""
    WITH on_sale AS ({ON_SALE}), location AS (
        SELECT id FROM inventory.locations WHERE store_id = %(store_id)s AND active
        ORDER BY id LIMIT 1
    )
    SELECT c.sku_id, o.product_name, o.variant, o.price_fen, o.currency, o.purchase_limit,
           o.category,
           o.sku_id IS NOT NULL AS on_sale, location.id AS location_id,
           inventory.covers(st.on_hand, st.reserved, c.qty) AS enough
    FROM unnest(CAST(%(skus)s AS integer[]), CAST(%(qtys)s AS integer[])) AS c(sku_id, qty)
    LEFT JOIN on_sale o ON o.sku_id = c.sku_id
    LEFT JOIN location ON true
    LEFT JOIN inventory.stock st ON st.location_id = location.id AND st.sku_id = c.sku_id
    ORDER BY c.sku_id
"""


async def snapshots(connection: Connection, sku_ids: list[int]) -> dict[int, SkuSnapshot]:
    """Name, variant and price of the SKUs on sale; NotFound naming any other."""
    rows = await fetch(connection, ON_SALE, {"skus": sku_ids})
    found = {row["sku_id"]: SkuSnapshot.model_validate(row) for row in rows}
    refused = not_on_sale(sku_ids, found)
    if refused:
        raise refused
    return found


async def pickup_cart(
    connection: Connection, store_id: int, lines: Mapping[int, int]
) -> tuple[int, dict[int, SkuSnapshot]]:
    """The store's stock location and the lines' snapshots, in one read.

    NotFound ``sku_not_found`` or ``store_has_no_stock``, Conflict ``out_of_stock``
    (advisory: ``inventory.take_stock`` decides for real), in that order.
    """
    rows = await fetch(connection, _PICKUP_CART, {"store_id": store_id, **cart_arrays(lines)})
    refused = not_on_sale(lines, (row["sku_id"] for row in rows if row["on_sale"]))
    if refused:
        raise refused
    location_id = rows[0]["location_id"]
    if location_id is None:
        raise NotFound(f"store {store_id} keeps no stock", code="store_has_no_stock")
    short = next((row["sku_id"] for row in rows if not row["enough"]), None)
    if short is not None:
        raise Conflict(
            "not enough stock for this cart here",
            code="out_of_stock",
            details={"sku_id": short, "location_id": location_id},
        )
    return location_id, {row["sku_id"]: SkuSnapshot.model_validate(row) for row in rows}


async def delivery_location(connection: Connection, lines: Mapping[int, int]) -> int:
    """The first active warehouse that holds the whole cart now, or Conflict."""
    row = await fetch_one(connection, _DELIVERY_LOCATION, cart_arrays(lines))
    if row is None:
        raise Conflict("no warehouse holds the whole cart", code="out_of_stock")
    return int(row["location_id"])


_SHORTFALL = """
    SELECT COALESCE(inventory.free_units(st.on_hand, st.reserved), 0) AS free,
           (SELECT COALESCE(sum(rl.quantity), 0) FROM inventory.reservations r
            JOIN inventory.reservation_lines rl ON rl.reservation_id = r.id
            WHERE r.id = ANY(CAST(%(reservation_ids)s AS bigint[])) AND r.status = 'held'
              AND r.location_id = %(location_id)s AND rl.sku_id = %(sku_id)s) AS held
    FROM (SELECT 1) AS one
    LEFT JOIN inventory.stock st ON st.location_id = %(location_id)s AND st.sku_id = %(sku_id)s
"""


async def shortfall(
    connection: Connection, *, location_id: int, sku_id: int, reservation_ids: list[int]
) -> tuple[int, int]:
    """Units of ``sku_id`` free at the location now, and those ``reservation_ids`` hold there."""
    params = {"location_id": location_id, "sku_id": sku_id, "reservation_ids": reservation_ids}
    row = await fetch_one(connection, _SHORTFALL, params)
    assert row is not None
    return int(row["free"]), int(row["held"])


#: Conflict ``out_of_stock`` when ``inventory.take_stock`` refused a line, else None.
stock_refusal = short_line


async def confirm(connection: Connection, reservation_id: int) -> bool:
    """The hold becomes an allocation; False when it is no longer held (released, repeated)."""
    return await fetch_one(connection, CONFIRM, {"id": reservation_id}) is not None
