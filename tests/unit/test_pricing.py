"""The one price calculation and the refund split, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orders.pricing import (
    CartItem,
    CouponDiscount,
    PointsRule,
    allocate,
    points_earned,
    price,
    refund_points,
)


def _cart(*pairs: tuple[int, int]) -> list[CartItem]:
    return [CartItem(sku_id=k + 1, unit_price_fen=p, quantity=q) for k, (p, q) in enumerate(pairs)]


def test_no_discount_pays_the_sum_of_the_lines() -> None:
    priced = price(_cart((1999, 2), (500, 1)))
    assert [line.line_total_fen for line in priced.lines] == [3998, 500]
    assert priced.to_pay_fen == 4498 and priced.points_spent == 0


def test_a_coupon_is_spread_over_its_lines_to_the_fen() -> None:
    cart = _cart((333, 1), (333, 1), (333, 1))
    priced = price(cart, coupon=CouponDiscount(off_fen=149))
    # 149 over three equal lines: 49 each and the one fen left to the lowest SKU.
    assert [line.coupon_discount_fen for line in priced.lines] == [50, 50, 49]
    assert priced.to_pay_fen == 999 - 149


def test_a_coupon_comes_off_only_its_skus_and_never_more_than_they_cost() -> None:
    cart = _cart((1000, 1), (5000, 1))
    only_first = price(cart, coupon=CouponDiscount(off_fen=300, sku_ids=frozenset({1})))
    assert [line.coupon_discount_fen for line in only_first.lines] == [300, 0]
    too_much = price(cart, coupon=CouponDiscount(off_fen=9999, sku_ids=frozenset({1})))
    assert [line.coupon_discount_fen for line in too_much.lines] == [1000, 0]
    with pytest.raises(ValueError):  # promotions never hands over a coupon for no line
        price(cart, coupon=CouponDiscount(off_fen=300, sku_ids=frozenset({9})))


def test_points_pay_at_most_their_share_and_only_the_points_used_are_taken() -> None:
    cart = _cart((1001, 1))
    priced = price(cart, points=100_000, rule=PointsRule(points_per_yuan=100, max_share_percent=50))
    assert priced.points_discount_fen == 500  # 50% of 1001, floored
    assert priced.points_spent == 500 and priced.points_max == 500
    # 3 points at 200 a yuan buy 1 fen (1.5 floored), which costs 2 points.
    odd = price(cart, points=3, rule=PointsRule(points_per_yuan=200, max_share_percent=50))
    assert (odd.points_discount_fen, odd.points_spent) == (1, 2)


def test_an_order_always_leaves_a_fen_to_pay() -> None:
    cart = _cart((500, 1))
    priced = price(
        cart,
        coupon=CouponDiscount(off_fen=10_000),
        points=10_000,
        rule=PointsRule(max_share_percent=100),
    )
    assert priced.to_pay_fen == 1 and priced.coupon_discount_fen == 499
    assert priced.points_discount_fen == 0


def test_allocation_sums_exactly_and_gives_leftovers_to_the_largest_remainders() -> None:
    assert allocate(10, [3, 3, 3, 3]) == [3, 3, 2, 2]
    assert allocate(5, [10, 0, 30]) == [1, 0, 4]  # 1.25 and 3.75: the .75 takes the fen
    assert allocate(0, [3, 4]) == [0, 0]
    with pytest.raises(ValueError):
        allocate(8, [3, 4])


_items = st.lists(
    st.tuples(st.integers(1, 500_000), st.integers(1, 10)), min_size=1, max_size=8
).map(lambda pairs: _cart(*pairs))
_coupons = st.none() | st.builds(
    CouponDiscount,
    off_fen=st.integers(0, 2_000_000),
    sku_ids=st.none() | st.frozensets(st.integers(1, 8), min_size=1),
)
_rules = st.builds(
    PointsRule, points_per_yuan=st.integers(1, 1000), max_share_percent=st.integers(0, 100)
)


@settings(max_examples=400, deadline=None)
@given(items=_items, coupon=_coupons, points=st.integers(0, 10**7), rule=_rules)
def test_every_price_adds_up(
    items: list[CartItem], coupon: CouponDiscount | None, points: int, rule: PointsRule
) -> None:
    in_cart = {item.sku_id for item in items}
    if coupon is not None and coupon.sku_ids is not None and not coupon.sku_ids & in_cart:
        coupon = None  # promotions refuses a coupon for nothing in the cart
    priced = price(items, coupon=coupon, points=points, rule=rule)
    lines = priced.lines
    assert sum(line.line_total_fen for line in lines) == priced.subtotal_fen
    assert sum(line.coupon_discount_fen for line in lines) == priced.coupon_discount_fen
    assert sum(line.points_discount_fen for line in lines) == priced.points_discount_fen
    assert sum(line.paid_fen for line in lines) == priced.to_pay_fen >= 1
    assert all(line.paid_fen >= 0 for line in lines)
    if coupon is not None and coupon.sku_ids is not None:
        assert all(
            line.coupon_discount_fen == 0 for line in lines if line.sku_id not in coupon.sku_ids
        )
    after_coupon = priced.subtotal_fen - priced.coupon_discount_fen
    assert priced.points_discount_fen <= after_coupon * rule.max_share_percent // 100
    assert priced.points_spent <= points
    # The points taken buy the discount, and one point fewer would not.
    assert priced.points_spent * 100 // rule.points_per_yuan >= priced.points_discount_fen
    if priced.points_spent:
        assert (priced.points_spent - 1) * 100 // rule.points_per_yuan < (
            priced.points_discount_fen
        )


@settings(max_examples=300, deadline=None)
@given(
    paid=st.integers(1, 10**7),
    spent=st.integers(0, 10**6),
    earned=st.integers(0, 10**5),
    cuts=st.lists(st.integers(1, 100), min_size=1, max_size=6),
)
def test_partial_refunds_give_back_exactly_what_a_full_refund_does(
    paid: int, spent: int, earned: int, cuts: list[int]
) -> None:
    refunded = returned = taken = 0
    for cut in [*cuts, 100]:
        amount = min(paid - refunded, max(1, (paid - refunded) * cut // 100))
        if amount == 0:
            break
        split = refund_points(
            paid_fen=paid,
            refunded_before_fen=refunded,
            refund_fen=amount,
            points_spent=spent,
            points_earned=earned,
        )
        refunded += amount
        returned += split.returned
        taken += split.taken_back
        assert returned * paid <= spent * refunded  # never ahead of the money's share
    assert refunded == paid
    assert (returned, taken) == (spent, earned)


def test_a_refund_is_never_more_than_is_left() -> None:
    with pytest.raises(ValueError):
        refund_points(
            paid_fen=100, refunded_before_fen=60, refund_fen=41, points_spent=0, points_earned=0
        )


def test_half_the_money_back_returns_half_the_points() -> None:
    split = refund_points(
        paid_fen=5000, refunded_before_fen=0, refund_fen=2500, points_spent=5001, points_earned=51
    )
    assert (split.returned, split.taken_back) == (2500, 25)


def test_points_are_earned_per_whole_yuan_paid() -> None:
    assert points_earned(paid_fen=12999, points_per_yuan_paid=1) == 129
    assert points_earned(paid_fen=50, points_per_yuan_paid=1) == 0
