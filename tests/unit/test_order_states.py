"""The order state machine: every move not listed is refused, naming the current state."""

from __future__ import annotations

import itertools

import pytest

from orders.states import FULFILMENTS, STATUSES, TRANSITIONS, can_move, check_move
from services.platform.errors import Conflict

ALLOWED = {
    "pickup": {
        ("pending_payment", "paid"),
        ("pending_payment", "cancelled"),
        ("pending_payment", "expired"),
        ("paid", "preparing"),
        ("paid", "cancelled"),
        ("paid", "refunded"),
        ("preparing", "ready_for_pickup"),
        ("preparing", "refunded"),
        ("ready_for_pickup", "picked_up"),
        ("ready_for_pickup", "expired"),
        ("ready_for_pickup", "refunded"),
        ("picked_up", "refunded"),
        ("expired", "paid"),
        ("expired", "refunded"),
        ("cancelled", "refunded"),
    },
    "delivery": {
        ("pending_payment", "paid"),
        ("pending_payment", "cancelled"),
        ("pending_payment", "expired"),
        ("paid", "shipped"),
        ("paid", "cancelled"),
        ("paid", "refunded"),
        ("shipped", "delivered"),
        ("delivered", "refunded"),
        ("expired", "paid"),
        ("expired", "refunded"),
        ("cancelled", "refunded"),
    },
}


@pytest.mark.parametrize("fulfilment", FULFILMENTS)
def test_exactly_the_listed_moves_are_allowed(fulfilment: str) -> None:
    for current, target in itertools.product(STATUSES, STATUSES):
        expected = (current, target) in ALLOWED[fulfilment]
        assert can_move(fulfilment, current, target) is expected, (current, target)
        if not expected:
            with pytest.raises(Conflict) as refused:
                check_move(fulfilment, current, target)
            assert refused.value.details == {"status": current, "target": target}
            assert current in refused.value.message
            assert refused.value.status_code == 409


def test_pickup_never_ships_and_delivery_never_waits_at_a_counter() -> None:
    assert "shipped" not in {t for ts in TRANSITIONS["pickup"].values() for t in ts}
    assert "ready_for_pickup" not in {t for ts in TRANSITIONS["delivery"].values() for t in ts}
    assert TRANSITIONS["pickup"]["refunded"] == frozenset()
