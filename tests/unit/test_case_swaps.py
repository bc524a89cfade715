"""An exchange swaps within a product (pure)."""

from __future__ import annotations

from orders.cases.swaps import mismatched, repriced

PRODUCT_OF = {1: 10, 2: 10, 3: 20}  # SKUs 1 and 2: two sizes of product 10; 3 another product


def test_another_size_of_the_same_product_is_a_swap() -> None:
    assert mismatched([{"sku_id": 1, "quantity": 1, "exchange_sku_id": 2}], PRODUCT_OF) == []


def test_another_product_the_same_sku_or_an_unknown_one_is_refused() -> None:
    lines = [
        {"sku_id": 1, "quantity": 1, "exchange_sku_id": 3},  # another product
        {"sku_id": 2, "quantity": 1, "exchange_sku_id": 2},  # the same SKU
        {"sku_id": 3, "quantity": 1, "exchange_sku_id": 99},  # no such SKU
        {"sku_id": 98, "quantity": 1, "exchange_sku_id": 99},  # neither known
    ]
    assert mismatched(lines, PRODUCT_OF) == [1, 2, 3, 98]


def test_an_exchange_keeps_the_price_paid() -> None:
    lines = [
        {"sku_id": 1, "quantity": 1, "exchange_sku_id": 2},
        {"sku_id": 4, "quantity": 2, "exchange_sku_id": 5},
        {"sku_id": 6, "quantity": 1, "exchange_sku_id": 99},  # no price known
    ]
    paid = {1: 71_800, 4: 10_000, 6: 500}
    prices = {2: 999_900, 5: 10_000, 1: 71_800}
    assert repriced(lines, paid, prices) == [
        {"sku_id": 1, "exchange_sku_id": 2, "paid_unit_fen": 71_800, "exchange_price_fen": 999_900},
        {"sku_id": 6, "exchange_sku_id": 99, "paid_unit_fen": 500, "exchange_price_fen": None},
    ]
    cheaper = {2: 50_000}
    assert [r["exchange_price_fen"] for r in repriced(lines[:1], paid, cheaper)] == [50_000]
