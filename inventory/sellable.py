"""What can be sold: SKUs on sale, and stock that covers a cart line.

SQL texts shared by the sync readers (availability) and the async ones (placing's
checkout), run through ``platform.db.fetch`` or ``platform.adb.fetch``. "Enough
stock" itself is the database function ``inventory.covers`` (inventory/sql/covers.sql),
which ``inventory.take_stock`` uses too, so a read never predicts differently from
the write.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Integer, and_, any_, bindparam, select
from sqlalchemy.dialects import postgresql

from inventory.models import Product, Sku
from inventory.pricing import price_now
from services.platform.errors import NotFound


def on_sale() -> ColumnElement[bool]:
    """ "On sale", defined here only: the SKU and its product are both active.

    For a query that joins the SKU's product; the catalog filters with it, and
    ``ON_SALE`` (the SQL text placing and availability run) is compiled from it.
    """
    return and_(Sku.active.is_(True), Product.active.is_(True))


#: SKUs on sale among ``%(skus)s``, with what an order line snapshots (the price in force
#: now, ``pricing.price_now``); psycopg placeholders,
#: so the sync (``platform.db.fetch``) and async (``platform.adb.fetch``) readers share it.
ON_SALE = str(
    select(
        Sku.id.label("sku_id"),
        Product.name.label("product_name"),
        Sku.variant,
        price_now(),
        Sku.currency,
        Sku.purchase_limit,
        Product.category,
    )
    .join(Product, Product.id == Sku.product_id)
    .where(Sku.id == any_(bindparam("skus", type_=postgresql.ARRAY(Integer))), on_sale())
    .compile(dialect=postgresql.psycopg.dialect())
)

#: Each (location, cart line): the units free there and whether they cover the line.
COVERAGE = """
    SELECT l.id AS location_id, c.sku_id, inventory.free_units(st.on_hand, st.reserved) AS free,
           inventory.covers(st.on_hand, st.reserved, c.qty) AS enough
    FROM unnest(CAST(%(locations)s AS integer[])) AS l(id)
    CROSS JOIN unnest(CAST(%(skus)s AS integer[]), CAST(%(qtys)s AS integer[]))
        AS c(sku_id, qty)
    LEFT JOIN inventory.stock st ON st.location_id = l.id AND st.sku_id = c.sku_id
"""


def not_on_sale(wanted: Iterable[int], found: Iterable[int]) -> NotFound | None:
    """NotFound ``sku_not_found`` naming the wanted SKUs not ``found`` on sale, else None."""
    missing = sorted(set(wanted) - set(found))
    if not missing:
        return None
    return NotFound("some SKUs are not on sale", code="sku_not_found", details={"sku_ids": missing})
