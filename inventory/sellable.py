"""What can be sold: SKUs on sale, and stock that covers a cart line.

SQL texts shared by the sync readers (availability) and the async ones (placing's
checkout), run through ``platform.db.fetch`` or ``platform.adb.fetch``. "Enough
stock" itself is the database function ``inventory.covers`` (inventory/sql/covers.sql),
which ``inventory.take_stock`` uses too, so a read never predicts differently from
the write.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.platform.errors import NotFound

#: SKUs on sale, with what an order line snapshots. "On sale" is defined here only: the SKU
#: and its product are both active.
ON_SALE = """
    SELECT s.id AS sku_id, p.name AS product_name, s.variant, s.price_fen, s.currency,
           s.purchase_limit
    FROM inventory.skus s JOIN inventory.products p ON p.id = s.product_id
    WHERE s.id = ANY(CAST(%(skus)s AS integer[])) AND s.active AND p.active
"""

#: Each (location, cart line): the units free there and whether they cover the line.
COVERAGE = """
    SELECT l.id AS location_id, c.sku_id, inventory.free_units(st.on_hand, st.reserved) AS free,
           inventory.covers(st.on_hand, st.reserved, c.qty) AS enough
    FROM unnest(CAST(%(locations)s AS integer[])) AS l(id)
    CROSS JOIN unnest(CAST(%(skus)s AS integer[]), CAST(%(qtys)s AS integer[]))
        AS c(sku_id, qty)
    LEFT JOIN inventory.stock st ON st.location_id = l.id AND st.sku_id = c.sku_id
"""


def not_on_sale(wanted: Iterable[int], on_sale: Iterable[int]) -> NotFound | None:
    """NotFound ``sku_not_found`` naming the wanted SKUs that are not on sale, else None."""
    missing = sorted(set(wanted) - set(on_sale))
    if not missing:
        return None
    return NotFound("some SKUs are not on sale", code="sku_not_found", details={"sku_ids": missing})
