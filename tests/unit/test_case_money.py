"""What a return gives back: the paid share of the returned units, never more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from orders.cases.money import SoldLine, return_amount, within_window

JACKET = SoldLine(
    sku_id=1, quantity=3, unit_price_fen=10000, coupon_discount_fen=1000, points_discount_fen=500
)
SOCKS = SoldLine(
    sku_id=2, quantity=1, unit_price_fen=2999, coupon_discount_fen=0, points_discount_fen=0
)


def test_a_whole_line_gives_back_exactly_what_it_cost_after_discounts() -> None:
    assert return_amount([JACKET, SOCKS], {1: 3}) == 30000 - 1500
    assert return_amount([JACKET, SOCKS], {1: 3, 2: 1}) == 28500 + 2999


def test_part_of_a_line_rounds_down_so_the_rest_is_never_owed_less() -> None:
    one = return_amount([JACKET], {1: 1})
    assert one == 28500 // 3 == 9500
    two = return_amount([JACKET], {1: 2})
    assert two == 19000 and one + two <= 28500


def test_units_not_sold_give_back_nothing() -> None:
    assert return_amount([SOCKS], {9: 2}) == 0
    assert return_amount([SOCKS], {2: 5}) == 2999  # never more than the line


def test_the_window_runs_from_handover() -> None:
    handed = datetime(2026, 11, 1, tzinfo=UTC)
    assert within_window(since=handed, now=handed + timedelta(days=30), days=30)
    assert not within_window(since=handed, now=handed + timedelta(days=30, seconds=1), days=30)
