"""Payment decisions without a database: accepting a success, the refund limit."""

from __future__ import annotations

import pytest

from services.payments.decisions import (
    OPEN,
    accept,
    after_cancel,
    after_failure,
    after_mismatch,
    check_refund,
    paid_twice,
    received,
    refundable,
    refunded_total,
)
from services.payments.models import PAYMENT_STATUSES
from services.platform.errors import Conflict


def _intent(amount: object = 1990, currency: str = "cny") -> dict[str, object]:
    return {"id": "pi_1", "amount": amount, "amount_received": amount, "currency": currency}


@pytest.mark.parametrize("status", sorted(OPEN))
def test_an_open_payment_settles_on_the_amount_and_currency_expected(status: str) -> None:
    assert accept(status=status, amount_fen=1990, currency="CNY", intent=_intent()) == "settled"


@pytest.mark.parametrize("status", sorted(set(PAYMENT_STATUSES) - OPEN))
def test_money_taken_after_a_failure_cancel_or_success_is_late(status: str) -> None:
    assert accept(status=status, amount_fen=1990, currency="CNY", intent=_intent()) == "late"


@pytest.mark.parametrize(
    "intent",
    [_intent(1989), _intent(1990, "usd"), _intent("1990"), _intent(True), _intent(None)],
)
@pytest.mark.parametrize("status", PAYMENT_STATUSES)
def test_any_other_amount_or_currency_is_a_mismatch(status: str, intent: dict) -> None:
    assert accept(status=status, amount_fen=1990, currency="CNY", intent=intent) == (
        "amount_mismatch"
    )


def test_amount_received_wins_over_amount() -> None:
    assert received({"amount": 5, "amount_received": 1990, "currency": "cny"}) == (1990, "CNY")
    assert received({"amount": 1990, "currency": "cny"}) == (1990, "CNY")


def test_refundable_is_what_is_left_and_never_negative() -> None:
    assert refundable(paid_fen=1990, refunded_fen=0) == 1990
    assert refundable(paid_fen=1990, refunded_fen=990) == 1000
    assert refundable(paid_fen=1990, refunded_fen=1990) == 0
    assert refundable(paid_fen=1990, refunded_fen=2500) == 0


@pytest.mark.parametrize("amount", [1, 999, 1000])
def test_a_refund_within_what_is_left_passes(amount: int) -> None:
    check_refund(amount_fen=amount, paid_fen=1990, refunded_fen=990)


@pytest.mark.parametrize("amount", [0, -5, 1001])
def test_a_refund_beyond_what_is_left_is_refused_naming_the_limit(amount: int) -> None:
    with pytest.raises(Conflict) as refused:
        check_refund(amount_fen=amount, paid_fen=1990, refunded_fen=990)
    assert refused.value.code == "refund_too_large"
    assert refused.value.details == {"refundable_fen": 1000}


def test_money_on_a_second_attempt_of_a_paid_order_is_paid_twice() -> None:
    assert paid_twice(payment_id=2, captured=[1]) is True  # the counter paid, the provider too
    assert paid_twice(payment_id=2, captured=[1, 2]) is True
    assert paid_twice(payment_id=1, captured=[1]) is False  # a repeat of the order's payment
    assert paid_twice(payment_id=1, captured=[]) is False  # the first money of the order


@pytest.mark.parametrize("status", PAYMENT_STATUSES)
def test_a_failure_moves_only_a_payment_still_waiting_for_its_money(status: str) -> None:
    assert after_failure(status) == ("failed" if status in OPEN else status)
    assert after_failure("succeeded") == "succeeded"  # a late failure never undoes money


@pytest.mark.parametrize("status", PAYMENT_STATUSES)
def test_a_cancel_or_a_refused_success_never_undoes_money_taken(status: str) -> None:
    assert after_cancel(status) == ("succeeded" if status == "succeeded" else "canceled")
    assert after_mismatch(status) == ("succeeded" if status == "succeeded" else "amount_mismatch")


def test_a_reported_refund_total_is_capped_by_the_payment_and_never_goes_down() -> None:
    assert refunded_total(paid_fen=1990, refunded_fen=0, reported_fen=990) == 990
    assert refunded_total(paid_fen=1990, refunded_fen=990, reported_fen=500) == 990  # stale
    assert refunded_total(paid_fen=1990, refunded_fen=990, reported_fen=5000) == 1990
    assert refunded_total(paid_fen=1990, refunded_fen=1990, reported_fen=1990) == 1990
