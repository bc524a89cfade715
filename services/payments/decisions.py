"""Payment decisions (pure): whether a success is accepted, what a failure, cancel or
refund leaves of a payment, and how much may still go back.

The success's fast lane (``success._SUCCEED``) is the SQL form of ``accept``'s usual
case and takes its filter (``OPEN``) from here; the full paths (``success``,
``refunds``, ``provider_events``) call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from services.platform.errors import Conflict

#: The payment still waits for its money: a success here is the usual one.
OPEN = frozenset({"created", "requires_payment"})
#: ``settled``: the usual success; ``late``: money taken after a failure, cancel or an
#: earlier success (recorded; orders decides what it means); ``amount_mismatch``: refused.
Acceptance = Literal["settled", "late", "amount_mismatch"]


#: The reason of the refund that gives back a second capture: the money of an attempt that
#: arrived after another attempt of the order had paid it (a counter payment and the
#: provider's in the same moment). Such an attempt never counts as the order's payment.
PAID_TWICE = "paid_twice"


def paid_twice(*, payment_id: int, captured: Iterable[int]) -> bool:
    """Whether money taken on ``payment_id`` is a second capture: another attempt of the
    order (``captured``: its succeeded attempts, second captures left out) already paid it."""
    return any(other != payment_id for other in captured)


def received(intent: Mapping[str, Any]) -> tuple[int | None, str]:
    """The amount (None unless a whole number of fen) and currency a provider intent reports."""
    amount = intent.get("amount_received", intent.get("amount"))
    whole = amount if isinstance(amount, int) and not isinstance(amount, bool) else None
    return whole, str(intent.get("currency", "")).upper()


def accept(*, status: str, amount_fen: int, currency: str, intent: Mapping[str, Any]) -> Acceptance:
    """How a success reported by ``intent`` lands on a payment of ``amount_fen`` in ``status``."""
    amount, reported_currency = received(intent)
    if amount != amount_fen or reported_currency != currency:
        return "amount_mismatch"
    return "settled" if status in OPEN else "late"


def after_mismatch(status: str) -> str:
    """A payment's status once a success for the wrong amount or currency is refused."""
    return status if status == "succeeded" else "amount_mismatch"


def after_failure(status: str) -> str:
    """A payment's status once the provider says it failed: a late failure never undoes a
    success, a cancel or an earlier verdict (events arrive in any order)."""
    return "failed" if status in OPEN else status


def after_cancel(status: str) -> str:
    """A payment's status once the provider says its intent was cancelled (money taken stays)."""
    return status if status == "succeeded" else "canceled"


def refunded_total(*, paid_fen: int, refunded_fen: int, reported_fen: int) -> int:
    """What has gone back of a payment once the provider reports ``reported_fen`` refunded in
    all: never more than was paid, never less than already counted (reports repeat and
    arrive out of order)."""
    return max(refunded_fen, min(reported_fen, paid_fen))


def refundable(*, paid_fen: int, refunded_fen: int) -> int:
    """What is left to give back of ``paid_fen`` once ``refunded_fen`` went (never negative)."""
    return max(paid_fen - refunded_fen, 0)


def check_refund(*, amount_fen: int, paid_fen: int, refunded_fen: int) -> None:
    """Conflict ``refund_too_large`` unless ``amount_fen`` is positive and within what is left."""
    left = refundable(paid_fen=paid_fen, refunded_fen=refunded_fen)
    if amount_fen <= 0 or amount_fen > left:
        raise Conflict(
            "the refund exceeds what is left to refund",
            code="refund_too_large",
            details={"refundable_fen": left},
        )
