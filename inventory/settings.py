"""Inventory's settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class InventorySettings(Section):
    """Inventory: what shoppers see of stock."""

    low_stock_threshold: int = Field(
        default=5, ge=0, description="shoppers see a count only at or below this many units"
    )
    sold_out_mark_ms: int = Field(
        default=1000,
        ge=0,
        le=60_000,
        description=(
            "how long a store's sold-out mark on a SKU answers refusals without the database"
            " (0: never); a unit that comes back unannounced is refused at most this long"
        ),
    )
