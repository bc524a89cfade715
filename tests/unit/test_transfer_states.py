"""A transfer's moves and what a receipt at the destination books in (pure)."""

from __future__ import annotations

import pytest

from inventory import transfer_states as ts
from services.platform.errors import Conflict, InvalidInput


@pytest.mark.parametrize("current", ts.STATUSES)
@pytest.mark.parametrize("target", ts.STATUSES)
def test_only_the_listed_moves_are_allowed(current: str, target: str) -> None:
    allowed = {
        ("requested", "in_transit"),
        ("requested", "cancelled"),
        ("in_transit", "received"),
    }
    if (current, target) in allowed:
        ts.check_move(current, target)
    else:
        with pytest.raises(Conflict) as refused:
            ts.check_move(current, target)
        assert refused.value.code == "transfer_status"
        assert refused.value.details["status"] == current


def test_the_source_ships_the_destination_receives_either_cancels() -> None:
    ts.check_end("in_transit", at_source=True, at_destination=False)
    ts.check_end("received", at_source=False, at_destination=True)
    ts.check_end("cancelled", at_source=False, at_destination=True)
    ts.check_end("cancelled", at_source=True, at_destination=False)
    for target, source in (("in_transit", False), ("received", True)):
        with pytest.raises(Conflict) as refused:
            ts.check_end(target, at_source=source, at_destination=not source)
        assert refused.value.code == "transfer_wrong_end"


def test_a_receipt_without_a_count_books_in_all_that_was_sent() -> None:
    assert ts.received_units({1: 4, 2: 3}, None) == {1: 4, 2: 3}


def test_a_count_names_every_line_and_never_exceeds_it() -> None:
    assert ts.received_units({1: 4, 2: 3}, {1: 0, 2: 3}) == {1: 0, 2: 3}
    for counted, code in (
        ({1: 4}, "transfer_lines_mismatch"),
        ({1: 4, 2: 3, 9: 1}, "transfer_lines_mismatch"),
        ({1: 5, 2: 3}, "received_more_than_sent"),
    ):
        with pytest.raises(InvalidInput) as refused:
            ts.received_units({1: 4, 2: 3}, counted)
        assert refused.value.code == code
