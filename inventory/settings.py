"""Inventory's settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class InventorySettings(Section):
    """Inventory: what shoppers see of stock."""

    low_stock_threshold: int = Field(
        default=5, ge=0, description="shoppers see a count only at or below this many units"
    )
