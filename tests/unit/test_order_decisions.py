"""Order decisions without a database: ``move``, the sets built from the table, a late payment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from orders.states import (
    AWAITING_PAYMENT,
    CANCELLABLE,
    CLOSED,
    MONEY_HELD,
    NOT_HANDED_OVER,
    PAYABLE,
    STATUSES,
    decide_success,
    move,
)
from services.platform.errors import Conflict

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
EARLIER = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


@dataclass
class _Order:
    fulfilment: str
    status: str
    closed_at: datetime | None = None


def test_sets_built_from_the_transition_table() -> None:
    assert {"pending_payment", "expired"} == PAYABLE
    assert {"pending_payment"} == AWAITING_PAYMENT
    assert {"pending_payment", "paid"} == CANCELLABLE
    assert NOT_HANDED_OVER < MONEY_HELD
    assert not MONEY_HELD & CLOSED - {"picked_up", "delivered"}
    assert set(STATUSES) >= CLOSED | MONEY_HELD | PAYABLE


def test_a_pending_order_whose_hold_stands_is_paid() -> None:
    assert decide_success(status="pending_payment", hold_stands=True) == "paid"


@pytest.mark.parametrize("status", ["pending_payment", "expired"])
def test_a_lapsed_hold_is_reserved_again(status: str) -> None:
    assert decide_success(status=status, hold_stands=False) == "re-reserve"


def test_an_expired_order_is_never_paid_on_a_hold_it_no_longer_has() -> None:
    assert decide_success(status="expired", hold_stands=True) == "re-reserve"


@pytest.mark.parametrize("status", sorted(set(STATUSES) - {"pending_payment", "expired"}))
def test_anything_else_gives_the_money_back(status: str) -> None:
    assert decide_success(status=status, hold_stands=True) == "refund"
    assert decide_success(status=status, hold_stands=False) == "refund"


def test_move_stamps_closed_states_and_clears_the_stamp_on_reopening() -> None:
    order = _Order("pickup", "pending_payment")
    move(order, "expired", now=EARLIER)
    assert (order.status, order.closed_at) == ("expired", EARLIER)
    move(order, "paid", now=NOW)  # a late payment reserved again
    assert (order.status, order.closed_at) == ("paid", None)
    move(order, "preparing", now=NOW)
    assert order.closed_at is None


def test_move_refuses_what_the_table_does_not_list_and_changes_nothing() -> None:
    order = _Order("delivery", "shipped")
    with pytest.raises(Conflict) as refused:
        move(order, "refunded", now=NOW)
    assert refused.value.code == "invalid_transition"
    assert (order.status, order.closed_at) == ("shipped", None)
