"""How many units of one SKU a shopper may take at once: the SKU's own purchase limit,
else ``O2O_UNITS_PER_SKU``. Orders check a cart with it, appointments the try-on units a
shopper has set aside, so "2 per customer" means the same at the till and the fitting room.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.models import Sku


def over_purchase_limit(
    wanted: Mapping[int, int], limits: Mapping[int, int | None], default: int
) -> tuple[int, int] | None:
    """The first ``(sku_id, limit)`` the cart exceeds (SKU order), or None (pure)."""
    for sku_id, quantity in sorted(wanted.items()):
        limit = limits.get(sku_id) or default
        if quantity > limit:
            return sku_id, limit
    return None


def purchase_limits(*, session: Session, sku_ids: Sequence[int]) -> dict[int, int | None]:
    """Each SKU's own purchase limit (None: the default applies)."""
    rows = session.execute(select(Sku.id, Sku.purchase_limit).where(Sku.id.in_(set(sku_ids))))
    return {sku_id: limit for sku_id, limit in rows}
