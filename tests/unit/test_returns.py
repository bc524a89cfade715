"""What may come back from an order (pure): sold and not yet restocked, per SKU."""

from __future__ import annotations

from inventory.returns import over_return, returnable


def test_returnable_is_sold_less_what_came_back_before() -> None:
    assert returnable({1: 3, 2: 1}, {1: 1}) == {1: 2, 2: 1}
    assert returnable({1: 3}, {1: 3}) == {1: 0}


def test_a_return_beyond_what_is_left_names_the_first_sku() -> None:
    sold = {1: 3, 2: 1}
    assert over_return(sold, {}, {1: 3, 2: 1}) is None
    assert over_return(sold, {1: 2}, {1: 1}) is None
    assert over_return(sold, {1: 2}, {1: 2}) == (1, 1)
    assert over_return(sold, {}, {2: 2, 1: 9}) == (1, 3)
    assert over_return(sold, {}, {7: 1}) == (7, 0)  # a SKU the order never took
