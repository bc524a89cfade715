"""Limits that keep one shopper from hoarding stock.

Placements per minute, per shopper and per client address (Redis fixed windows,
counted before any database work); units of one SKU per order (the SKU's own
purchase limit, else ``O2O_UNITS_PER_SKU``). The cap on a shopper's open unpaid
orders (``O2O_OPEN_ORDERS_PER_MEMBER``) is enforced inside ``orders.place_order``,
under a lock per shopper, so orders placed at the same moment cannot all pass it;
``open_orders_refusal`` reads its refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inventory.client import over_purchase_limit
from inventory.schemas import SkuSnapshot
from services.platform import ratelimit
from services.platform.adb import raised
from services.platform.errors import Conflict
from services.platform.settings import Settings


async def check_placement_rate(
    redis: Any, *, member_id: int, client_ip: str, settings: Settings
) -> None:
    """Count one placement attempt; RateLimited ``order_rate_limited`` (429) past a limit."""
    await ratelimit.enforce(
        redis,
        [
            (f"member:{member_id}", settings.order_limit_per_member),
            (f"ip:{client_ip}", settings.order_limit_per_ip),
        ],
        scope="order",
        code="order_rate_limited",
        message="too many orders placed; wait a moment",
    )


def check_purchase_limits(
    wanted: Mapping[int, int], snapshots: Mapping[int, SkuSnapshot], settings: Settings
) -> None:
    """Conflict ``purchase_limit_exceeded`` (409) when a line asks for more than allowed."""
    over = over_purchase_limit(
        wanted, {sku: s.purchase_limit for sku, s in snapshots.items()}, settings.units_per_sku
    )
    if over is not None:
        sku_id, limit = over
        raise Conflict(
            f"at most {limit} of this item per order",
            code="purchase_limit_exceeded",
            details={"sku_id": sku_id, "limit": limit},
        )


def open_orders_refusal(error: BaseException) -> Conflict | None:
    """Conflict ``too_many_open_orders`` (409) for ``orders.place_order``'s cap, else None."""
    message, detail = raised(error) or ("", None)
    if message != "too_many_open_orders":
        return None
    open_orders, _, limit = (detail or "0/0").partition("/")
    return Conflict(
        "you have too many unpaid orders; pay or cancel one first",
        code="too_many_open_orders",
        details={"open_orders": int(open_orders), "limit": int(limit)},
    )


async def check_assisted_rate(
    redis: Any, *, guide_id: int, member_id: int, settings: Settings
) -> None:
    """Count one assisted sale: per guide, and against the member's own placements."""
    await ratelimit.enforce(
        redis,
        [
            (f"guide:{guide_id}", settings.assisted_orders_per_guide),
            (f"member:{member_id}", settings.order_limit_per_member),
        ],
        scope="order",
        code="order_rate_limited",
        message="too many orders placed; wait a moment",
    )
