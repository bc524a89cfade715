"""The ledger's stock rule: on-hand never falls below zero or below what is reserved."""

from __future__ import annotations

from inventory.ledger import Level, refusal


def test_a_change_within_the_free_units_is_allowed() -> None:
    assert refusal(Level(on_hand=5, reserved=2), delta=-3) is None
    assert refusal(Level(on_hand=0, reserved=0), delta=7) is None


def test_on_hand_may_not_fall_below_reserved() -> None:
    assert refusal(Level(on_hand=5, reserved=2), delta=-4) == "below_reserved"


def test_on_hand_may_not_go_negative() -> None:
    assert refusal(Level(on_hand=1, reserved=0), delta=-2) == "not_enough_on_hand"


def test_fulfilled_units_leave_reserved_with_on_hand() -> None:
    assert refusal(Level(on_hand=3, reserved=3), delta=-3, consumed=3) is None
    assert refusal(Level(on_hand=3, reserved=3), delta=-3, consumed=2) == "below_reserved"
