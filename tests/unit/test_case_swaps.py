"""An exchange swaps within a product (pure)."""

from __future__ import annotations

from orders.cases.swaps import mismatched

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
