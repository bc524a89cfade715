"""Money taken at the store counter, recorded by staff, settled as a success of its own.

The provider's open attempt is closed first (the member can no longer pay it), then the
counter attempt settles through the same success as the provider's (``success``).
"""

from __future__ import annotations

from datetime import datetime

import anyio.to_thread
import structlog

from services.payments import service
from services.payments.decisions import PAID_TWICE
from services.payments.gateway import (
    COUNTER,
    GatewayError,
    Intent,
    IntentPaid,
    cancel_key,
    get_gateway,
    intent_key,
)
from services.payments.intake import latest
from services.payments.schemas import PaymentRead
from services.payments.success import settle
from services.platform import adb
from services.platform.adb import Connection, fetch_one
from services.platform.errors import Conflict, Unavailable

log = structlog.get_logger(__name__)
_COLUMNS = service.COLUMNS
# A counter payment supersedes the provider's attempt (closed at the provider just before):
# that attempt is cancelled unless it succeeded meanwhile (the row lock decides against
# the provider's success, which locks it too) and unless another intent was attached since;
# the counter attempt follows it. Two guides at once: the second inserts nothing.
_SUPERSEDE = f"""
    WITH provider AS (
        UPDATE payments.payments SET status = 'canceled', updated_at = now()
        WHERE id = %(id)s AND status <> 'succeeded'
          AND intent_id IS NOT DISTINCT FROM %(intent_id)s
        RETURNING order_ref, attempt, amount_fen, currency
    )
    INSERT INTO payments.payments (order_ref, attempt, gateway, amount_fen, currency, status,
                                   refunded_fen, intent_id, client_secret, created_at,
                                   updated_at)
    SELECT order_ref, attempt + 1, %(gateway)s, amount_fen, currency, 'requires_payment', 0,
           %(counter_intent)s, NULL, now(), now()
    FROM provider
    ON CONFLICT DO NOTHING
    RETURNING {_COLUMNS}
"""


_GIVEN_BACK = f"""
    SELECT EXISTS (
        SELECT 1 FROM payments.refunds WHERE payment_id = %(id)s AND reason = '{PAID_TWICE}'
    ) AS given_back
"""


async def record_counter_payment(
    connection: Connection,
    order_ref: str,
    *,
    amount_fen: int,
    method: str,
    recorded_by: str,
    at: datetime,
) -> bool:
    """Money taken at the store counter, recorded by staff, as an attempt of its own.

    The provider's open attempt is closed first, through its gateway (as on hold
    expiry), so the member can no longer pay it; then the counter attempt settles with
    the same success as the provider's (the fast lane when usual, else the full intake),
    so what a success does stays written once. Conflict ``provider_already_paid`` when the
    provider took the money first: its payment stands. A provider success that still
    lands on the closed attempt later is refunded (``refunds.refund_second_capture``).
    True when the usual success applied it at ``at``.
    """
    payment = await _counter_attempt(connection, order_ref)
    event = service.counter_success(
        payment, amount_fen=amount_fen, method=method, recorded_by=recorded_by
    )
    if await settle(connection, *event, at=at):
        return True
    assert payment is not None  # counter_success refuses an order without an attempt
    given_back = await fetch_one(connection, _GIVEN_BACK, {"id": payment.id})
    if given_back is not None and given_back["given_back"]:
        # The provider's success won the order's lock: the counter money is recorded as
        # given back (the counter gateway), and the guide hands it back.
        raise _provider_paid(order_ref)
    return False


async def _counter_attempt(connection: Connection, order_ref: str) -> PaymentRead | None:
    """The order's counter attempt, its provider attempt closed and cancelled first."""
    for _ in range(3):  # again only when an intent was attached while the provider closed
        attempt = await latest(connection, order_ref)
        if attempt is None or attempt.gateway == COUNTER:
            return attempt
        if attempt.status == "succeeded":
            raise _provider_paid(order_ref)
        if attempt.intent_id is not None:
            await _close_at_provider(attempt)
        counter = get_gateway(name=COUNTER).create_intent(
            order_ref=order_ref,
            amount_fen=attempt.amount_fen,
            currency=attempt.currency,
            idempotency_key=intent_key(order_ref, attempt.attempt + 1),
            metadata={},
        )
        params = {
            "id": attempt.id,
            "intent_id": attempt.intent_id,
            "gateway": COUNTER,
            "counter_intent": counter.id,
        }
        async with adb.transaction(connection):
            await fetch_one(connection, _SUPERSEDE, params)
        # Read again: this attempt, a concurrent guide's, or the provider's success.
    raise Unavailable(
        "the order's payment changed while it was closed; retry",
        code="payment_unavailable",
        details={"order_number": order_ref},
    )


async def _close_at_provider(payment: PaymentRead) -> None:
    """Close ``payment``'s intent at its provider (the hold expiry's cancel, same key)."""
    gateway = get_gateway(name=payment.gateway)
    intent_id = payment.intent_id
    assert intent_id is not None

    def close() -> Intent:
        key = cancel_key(payment.order_ref, payment.attempt)
        return gateway.cancel_intent(intent_id=intent_id, idempotency_key=key)

    try:
        if gateway.in_process:
            close()
        else:
            await anyio.to_thread.run_sync(close)
    except IntentPaid as paid:
        raise _provider_paid(payment.order_ref) from paid
    except GatewayError as exc:
        log.warning("counter_close_failed", order_ref=payment.order_ref, error=str(exc))
        raise Unavailable(
            "the payment provider did not close the member's payment; retry",
            code="payment_unavailable",
            details={"order_number": payment.order_ref},
        ) from exc


def _provider_paid(order_ref: str) -> Conflict:
    return Conflict(
        "the member already paid this order through the payment provider; take no money",
        code="provider_already_paid",
        details={"order_number": order_ref},
    )
