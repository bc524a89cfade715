"""Stock for an order being placed, on the event loop (the flash-sale hot path).

The caller first reads the cart's SKUs and location (``pickup_cart``, or
``snapshots`` and ``delivery_location``): advisory reads before any
transaction, so a sold-out cart fails without writing anything. The writes are
inventory's database functions, called from the order's own statement (see
``orders.place_order``): ``inventory.hold_stock`` (the reservation rows, not yet
counted) and last ``inventory.take_stock`` (the conditional UPDATEs, in SKU
order, that count them; the one implementation sync callers run too).
``stock_refusal`` reads the latter's refusal. ``confirm`` runs in a payment's
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from inventory.reservations import cart_arrays, short_line
from inventory.schemas import SkuSnapshot
from services.platform.adb import Connection, fetch, fetch_one
from services.platform.errors import Conflict, NotFound

__all__ = [
    "cart_arrays",
    "confirm",
    "delivery_location",
    "pickup_cart",
    "snapshots",
    "stock_refusal",
]

_SNAPSHOTS = """
    SELECT s.id AS sku_id, p.name AS product_name, s.variant, s.price_fen, s.currency
    FROM inventory.skus s JOIN inventory.products p ON p.id = s.product_id
    WHERE s.id = ANY(%(sku_ids)s) AND s.active AND p.active
"""
# The first SKU (in SKU order) the location cannot cover now, per candidate location.
_SHORT = """
    (SELECT c.sku_id FROM unnest(CAST(%(skus)s AS integer[]), CAST(%(qtys)s AS integer[]))
         AS c(sku_id, qty)
     LEFT JOIN inventory.stock st ON st.location_id = l.id AND st.sku_id = c.sku_id
     WHERE COALESCE(st.on_hand - st.reserved, 0) < c.qty ORDER BY c.sku_id LIMIT 1)
"""
_DELIVERY_LOCATION = f"""
    SELECT l.id AS location_id FROM inventory.locations l
    WHERE l.kind = 'warehouse' AND l.active AND {_SHORT} IS NULL ORDER BY l.id LIMIT 1
"""
_PICKUP_CART = """
    WITH location AS (
        SELECT id FROM inventory.locations WHERE store_id = %(store_id)s AND active
        ORDER BY id LIMIT 1
    )
    SELECT c.sku_id, p.name AS product_name, s.variant, s.price_fen, s.currency,
           s.active AND p.active AS on_sale, location.id AS location_id,
           COALESCE(st.on_hand - st.reserved, 0) >= c.qty AS enough
    FROM unnest(CAST(%(skus)s AS integer[]), CAST(%(qtys)s AS integer[])) AS c(sku_id, qty)
    LEFT JOIN inventory.skus s ON s.id = c.sku_id
    LEFT JOIN inventory.products p ON p.id = s.product_id
    LEFT JOIN location ON true
    LEFT JOIN inventory.stock st ON st.location_id = location.id AND st.sku_id = c.sku_id
    ORDER BY c.sku_id
"""


async def snapshots(connection: Connection, sku_ids: list[int]) -> dict[int, SkuSnapshot]:
    """Name, variant and price of active SKUs of active products; NotFound for any other."""
    rows = await fetch(connection, _SNAPSHOTS, {"sku_ids": sku_ids})
    found = {row["sku_id"]: SkuSnapshot.model_validate(row) for row in rows}
    missing = sorted(set(sku_ids) - found.keys())
    if missing:
        raise NotFound(
            "some SKUs are not on sale", code="sku_not_found", details={"sku_ids": missing}
        )
    return found


async def pickup_cart(
    connection: Connection, store_id: int, lines: Mapping[int, int]
) -> tuple[int, dict[int, SkuSnapshot]]:
    """``snapshots`` and ``pickup_location`` in one read: the location and the lines' SKUs.

    NotFound ``sku_not_found`` or ``store_has_no_stock``, Conflict ``out_of_stock``
    (advisory: ``inventory.take_stock`` decides for real), in that order.
    """
    rows = await fetch(connection, _PICKUP_CART, {"store_id": store_id, **cart_arrays(lines)})
    missing = [row["sku_id"] for row in rows if not row["on_sale"]]
    if missing:
        raise NotFound(
            "some SKUs are not on sale", code="sku_not_found", details={"sku_ids": missing}
        )
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


#: Conflict ``out_of_stock`` when ``inventory.take_stock`` refused a line, else None.
stock_refusal = short_line


_CONFIRM = """
    UPDATE inventory.reservations SET status = 'allocated', updated_at = now()
    WHERE id = %(id)s AND status = 'held'
    RETURNING id
"""


async def confirm(connection: Connection, reservation_id: int) -> bool:
    """The hold becomes an allocation; False when it is no longer held (released, repeated)."""
    return await fetch_one(connection, _CONFIRM, {"id": reservation_id}) is not None
