"""Coupon eligibility and amounts (pure): window, minimum spend, channel, store, region,
SKU and category scope, rounding and caps, and how the wallet shows a coupon."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from services.promotions.rules import (
    Applied,
    Cart,
    CartLine,
    CouponTerms,
    Refused,
    apply,
    off_fen,
    wallet_state,
)

START = datetime(2026, 12, 1, tzinfo=UTC)
END = datetime(2027, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 10, tzinfo=UTC)
TEN_OFF = CouponTerms(kind="amount_off", amount_off_fen=1000, valid_from=START, valid_until=END)
JACKET = CartLine(sku_id=1, category="jackets", amount_fen=69900)
SOCKS = CartLine(sku_id=2, category="accessories", amount_fen=5900)
CART = Cart(lines=[JACKET, SOCKS], channel="mini_program", store_id=7, region_id=2)


def reason(result: Applied | Refused) -> str:
    assert isinstance(result, Refused), result
    return result.reason


def test_an_unscoped_coupon_applies_to_the_whole_cart() -> None:
    assert apply(TEN_OFF, CART, NOW) == Applied(1000, frozenset({1, 2}))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START - timedelta(microseconds=1), "not_started"),
        (START, None),
        (END - timedelta(microseconds=1), None),
        (END, "expired"),
    ],
)
def test_the_window_includes_its_start_and_excludes_its_end(
    now: datetime, expected: str | None
) -> None:
    result = apply(TEN_OFF, CART, now)
    assert (reason(result) if expected else result) == (
        expected or Applied(1000, frozenset({1, 2}))
    )


def test_minimum_spend_counts_the_lines_in_scope_only() -> None:
    jackets_only = replace(TEN_OFF, categories=("jackets",), min_spend_fen=70000)
    refused = apply(jackets_only, CART, NOW)  # 699 + 59 > 700 yuan, but jackets are 699
    assert reason(refused) == "min_spend"
    assert isinstance(refused, Refused) and refused.details["spent_fen"] == 69900
    assert isinstance(apply(replace(jackets_only, min_spend_fen=69900), CART, NOW), Applied)


def test_channel_store_and_region_scopes() -> None:
    assert reason(apply(replace(TEN_OFF, channels=("qr",)), CART, NOW)) == "channel"
    assert isinstance(apply(replace(TEN_OFF, channels=("qr", "mini_program")), CART, NOW), Applied)
    assert reason(apply(replace(TEN_OFF, store_ids=(8,)), CART, NOW)) == "store"
    assert isinstance(apply(replace(TEN_OFF, store_ids=(7, 8)), CART, NOW), Applied)
    assert reason(apply(replace(TEN_OFF, region_ids=(1,)), CART, NOW)) == "region"
    assert isinstance(apply(replace(TEN_OFF, region_ids=(2,)), CART, NOW), Applied)


def test_a_store_or_region_coupon_never_applies_to_a_delivery_order() -> None:
    delivery = Cart(lines=[JACKET], channel="mini_program")
    assert reason(apply(replace(TEN_OFF, store_ids=(7,)), delivery, NOW)) == "store"
    assert reason(apply(replace(TEN_OFF, region_ids=(2,)), delivery, NOW)) == "region"


def test_sku_or_category_scope_picks_the_lines() -> None:
    by_sku = apply(replace(TEN_OFF, sku_ids=(2,)), CART, NOW)
    assert by_sku == Applied(1000, frozenset({2}))
    by_category = apply(replace(TEN_OFF, categories=("jackets",)), CART, NOW)
    assert by_category == Applied(1000, frozenset({1}))
    either = apply(replace(TEN_OFF, sku_ids=(2,), categories=("jackets",)), CART, NOW)
    assert either == Applied(1000, frozenset({1, 2}))
    assert reason(apply(replace(TEN_OFF, categories=("footwear",)), CART, NOW)) == (
        "no_eligible_items"
    )


def test_currency_must_match() -> None:
    assert reason(apply(TEN_OFF, replace(CART, currency="USD"), NOW)) == "currency"


def test_percent_off_rounds_down_to_the_fen_and_respects_the_cap() -> None:
    pct = CouponTerms(kind="percent_off", percent_off=15, valid_from=START, valid_until=END)
    assert off_fen(pct, 999) == 149  # 149.85 -> 149: never more than 15 %
    assert off_fen(pct, 1) == 0
    assert off_fen(replace(pct, max_off_fen=100), 999) == 100
    assert off_fen(replace(pct, percent_off=100), 12345) == 12345


def test_an_amount_off_is_never_more_than_the_lines_it_applies_to() -> None:
    assert off_fen(TEN_OFF, 800) == 800
    assert apply(replace(TEN_OFF, sku_ids=(2,), amount_off_fen=9000), CART, NOW) == Applied(
        5900, frozenset({2})
    )


@pytest.mark.parametrize(
    ("status", "now", "state"),
    [
        ("available", NOW, "usable"),
        ("available", START - timedelta(days=1), "upcoming"),
        ("available", END, "expired"),
        ("redeemed", NOW, "redeemed"),
        ("redeemed", END + timedelta(days=1), "redeemed"),
    ],
)
def test_wallet_state(status: str, now: datetime, state: str) -> None:
    assert wallet_state(status=status, valid_from=START, valid_until=END, now=now) == state
