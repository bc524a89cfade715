"""What a return gives back (pure): the paid share of each returned unit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import NamedTuple


class SoldLine(NamedTuple):
    sku_id: int
    quantity: int
    unit_price_fen: int
    coupon_discount_fen: int
    points_discount_fen: int


def return_amount(lines: Iterable[SoldLine], returned: Mapping[int, int]) -> int:
    """Fen paid for the returned units: each line's goods less its discounts, pro rata.

    A whole line gives back exactly what it cost; part of one rounds down, so the
    units left can never be owed less than was paid for them.
    """
    total = 0
    for line in lines:
        units = returned.get(line.sku_id, 0)
        if units:
            paid = line.unit_price_fen * line.quantity
            paid -= line.coupon_discount_fen + line.points_discount_fen
            total += paid * min(units, line.quantity) // line.quantity
    return total


def within_window(*, since: datetime, now: datetime, days: int) -> bool:
    """A case on an order opens until ``days`` after the goods reached the shopper."""
    return now <= since + timedelta(days=days)
