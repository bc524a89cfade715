"""Payments on the event loop: a new attempt, its intent, and the usual success.

The hot paths of a sale (placing an order, its payment confirming) run here in
plain SQL. A success event takes the fast lane only in the usual case: the
intent is known, not yet succeeded, the amount matches, the event is new, and
every async handler (orders) accepts it. Anything else rolls the fast lane back
and goes through ``service.receive`` on a worker thread, which handles every
case (duplicates, mismatches, late payments). Locks are taken in the same
order on both lanes: payment, then order, then reservation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import anyio.to_thread
import structlog

from services.payments import service
from services.payments.decisions import OPEN, PAID_TWICE, received
from services.payments.events import PaymentEvent
from services.payments.gateway import (
    COUNTER,
    NEEDS_PAYER,
    GatewayError,
    Intent,
    IntentPaid,
    PaymentGateway,
    cancel_key,
    get_gateway,
    intent_key,
)
from services.payments.schemas import PaymentRead
from services.platform import adb
from services.platform.adb import Connection, Pool, fetch_one
from services.platform.db import utcnow
from services.platform.errors import Conflict, NotFound, Unavailable
from services.platform.settings import PayChannel, get_settings
from services.platform.uow import UnitOfWork, kick_relay_soon

log = structlog.get_logger(__name__)
_COLUMNS = service.COLUMNS
_ATTACH = f"""
    UPDATE payments.payments
    SET intent_id = %(intent_id)s, client_secret = %(client_secret)s, updated_at = now(),
        status = CASE WHEN status = 'created' THEN 'requires_payment' ELSE status END
    WHERE id = %(id)s AND intent_id IS NULL AND status IN ('created', 'requires_payment')
    RETURNING {_COLUMNS}
"""
_BY_ID = f"SELECT {_COLUMNS} FROM payments.payments WHERE id = %(id)s"
# The usual success in one statement: lock the intent's payment, and only if
# ``decisions.accept`` would call it ``settled`` (open, the amount and currency
# expected), record the event (new ones only) and mark the payment succeeded.
# ``applied`` says whether it did.
_SUCCEED = f"""
    WITH payment AS (
        SELECT {_COLUMNS} FROM payments.payments WHERE intent_id = %(intent_id)s FOR UPDATE
    ), event AS (
        INSERT INTO payments.webhook_events (event_id, type, outcome, payload, received_at)
        SELECT %(event_id)s, 'payment_intent.succeeded', 'applied', %(payload)s, now()
        FROM payment
        WHERE payment.status = ANY(CAST(%(open)s AS text[]))
          AND payment.amount_fen = %(amount)s AND payment.currency = %(currency)s
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id
    ), succeeded AS (
        UPDATE payments.payments SET status = 'succeeded', updated_at = now()
        FROM event WHERE payments.payments.id = (SELECT id FROM payment)
        RETURNING payments.payments.id
    )
    SELECT payment.*, EXISTS (SELECT 1 FROM succeeded) AS applied FROM payment
"""

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
_OPEN = sorted(OPEN)
SucceededHandler = Callable[[Connection, PaymentEvent], Awaitable[bool]]
_succeeded_handlers: list[SucceededHandler] = []


def on_payment_succeeded_async(handler: SucceededHandler) -> SucceededHandler:
    """Register an async handler of the usual success; it returns False to decline the fast lane.

    A declining handler leaves its writes to be rolled back; the sync handlers
    (``events.on_payment_event``) then see the event on the full path.
    """
    if handler not in _succeeded_handlers:
        _succeeded_handlers.append(handler)
    return handler


def new_attempt(
    *,
    order_ref: str,
    amount_fen: int,
    currency: str,
    attempt: int = 1,
    channel: PayChannel = "mini_program",
) -> dict[str, Any]:
    """What ``payments.start_payment`` writes for a new attempt, besides the order's fields.

    The gateway is the one the settings choose for ``channel`` (orders are placed in
    the mini-program today). A gateway that calls a provider gets its intent after
    commit (``open_intent``); an in-process one (offline) has no network call to keep
    out of the transaction, so its intent is written with the attempt.
    """
    name = get_settings().gateway_for(channel)
    gateway = get_gateway(name=name)
    intent = None
    if gateway.in_process:
        intent = _intent_request(gateway, order_ref, amount_fen, currency, attempt)()
    return {
        "gateway": name,
        "payment_status": "requires_payment" if intent else "created",
        "intent_id": intent.id if intent else None,
        "client_secret": intent.client_secret if intent else None,
    }


def _intent_request(
    gateway: PaymentGateway,
    order_ref: str,
    amount_fen: int,
    currency: str,
    attempt: int,
    payer_openid: str | None = None,
) -> Callable[[], Intent]:
    def create() -> Intent:
        return gateway.create_intent(
            order_ref=order_ref,
            amount_fen=amount_fen,
            currency=currency,
            idempotency_key=intent_key(order_ref, attempt),
            metadata={"attempt": str(attempt)},
            payer_openid=payer_openid,
        )

    return create


async def current(connection: Connection, order_ref: str) -> PaymentRead:
    """The order's latest payment attempt (NotFound when it has none)."""
    row = await fetch_one(connection, service.LATEST, {"order_ref": order_ref})
    if row is None:
        raise NotFound(f"order {order_ref} has no payment", code="payment_not_found")
    return PaymentRead.model_validate(row)


def needs_payer(payment: PaymentRead) -> bool:
    """Whether opening ``payment`` still needs the shopper's openid (WeChat Pay JSAPI)."""
    return payment.intent_id is None and payment.gateway in NEEDS_PAYER


async def open_intent(
    pool: Pool, payment: PaymentRead, *, payer_openid: str | None = None
) -> PaymentRead:
    """The provider's intent for ``payment``, created once per attempt and stored.

    No transaction is open while the provider is called; a gateway that does
    network I/O is called on a worker thread. The idempotency key comes from the
    order and attempt, so a retry after a crash finds the same intent (WeChat Pay:
    the same ``out_trade_no``). ``payer_openid``: see ``needs_payer``.
    """
    if payment.intent_id is not None:
        return payment
    gateway = get_gateway(name=payment.gateway)
    create = _intent_request(
        gateway,
        payment.order_ref,
        payment.amount_fen,
        payment.currency,
        payment.attempt,
        payer_openid,
    )
    try:
        if gateway.in_process:
            intent = create()
        else:
            intent = await anyio.to_thread.run_sync(create)
    except GatewayError as exc:
        log.warning("payment_intent_failed", order_ref=payment.order_ref, error=str(exc))
        raise Unavailable(
            "the payment provider is unavailable; retry with the same Idempotency-Key",
            code="payment_unavailable",
            details={"order_number": payment.order_ref},
        ) from exc
    async with adb.connection(pool, get_settings()) as connection:
        return await _attach(connection, payment.id, intent)


async def _attach(connection: Connection, payment_id: int, intent: Intent) -> PaymentRead:
    params = {"id": payment_id, "intent_id": intent.id, "client_secret": intent.client_secret}
    row = await fetch_one(connection, _ATTACH, params) or await fetch_one(
        connection, _BY_ID, {"id": payment_id}
    )
    if row is None:
        raise NotFound(f"payment {payment_id} does not exist", code="payment_not_found")
    return PaymentRead.model_validate(row)


async def _usual_success(
    connection: Connection, event_id: str, obj: dict[str, Any], at: datetime
) -> bool:
    """Apply the usual success in the caller's transaction; False when the full path must."""
    amount, currency = received(obj)
    params = {
        "intent_id": str(obj.get("id")),
        "event_id": event_id,
        "payload": obj,
        "open": _OPEN,
        "amount": -1 if amount is None else amount,
        "currency": currency,
    }
    payment = await fetch_one(connection, _SUCCEED, params)
    if payment is None or not payment["applied"]:
        return False  # unknown intent, already settled, a mismatch or a repeated event
    event = PaymentEvent(
        kind="succeeded",
        order_ref=payment["order_ref"],
        payment_id=payment["id"],
        amount_fen=payment["amount_fen"],
        refunded_fen=payment["refunded_fen"],
        at=at,
    )
    if not _succeeded_handlers:
        return False
    for handler in _succeeded_handlers:
        if not await handler(connection, event):
            return False
    return True


class _FullPath(Exception):
    """Raised inside the fast lane's transaction to roll it back."""


def _receive(event_id: str, obj: dict[str, Any]) -> str:
    with UnitOfWork() as uow:
        outcome = service.receive(
            session=uow.session,
            event_id=event_id,
            event_type="payment_intent.succeeded",
            obj=obj,
        )
        uow.commit()
    return outcome


async def _fast_lane(
    connection: Connection, event_id: str, obj: dict[str, Any], at: datetime
) -> bool:
    """The usual success in a transaction of its own; False (rolled back) when it is not usual."""
    try:
        async with adb.transaction(connection):
            if not await _usual_success(connection, event_id, obj, at):
                raise _FullPath
    except _FullPath:
        return False
    kick_relay_soon()  # the handlers may have written to the outbox
    return True


async def receive_succeeded(connection: Connection, *, event_id: str, obj: dict[str, Any]) -> str:
    """Take in a ``payment_intent.succeeded`` event; the outcome as ``service.receive`` says.

    ``connection`` must have no transaction open; the full path (rare) runs on a
    worker thread with a unit of work of its own.
    """
    if await _fast_lane(connection, event_id, obj, utcnow()):
        return "applied"
    return await anyio.to_thread.run_sync(_receive, event_id, obj)


async def simulate_success(connection: Connection, order_ref: str, *, at: datetime) -> bool:
    """Dev only: the provider says the latest intent succeeded, through the webhook path.

    True when it was the usual success, applied at ``at`` by every async handler
    (orders: the pending order is paid at ``at``); False when the full intake
    decided, and the caller must read what it did.
    """
    service.check_simulation_allowed()
    payment = await _latest(connection, order_ref)
    return await _settle(connection, *service.simulated_success(payment), at=at)


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
    lands on the closed attempt later is refunded (``service.refund_second_capture``).
    True when the usual success applied it at ``at``.
    """
    payment = await _counter_attempt(connection, order_ref)
    event = service.counter_success(
        payment, amount_fen=amount_fen, method=method, recorded_by=recorded_by
    )
    if await _settle(connection, *event, at=at):
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
        latest = await _latest(connection, order_ref)
        if latest is None or latest.gateway == COUNTER:
            return latest
        if latest.status == "succeeded":
            raise _provider_paid(order_ref)
        if latest.intent_id is not None:
            await _close_at_provider(latest)
        counter = get_gateway(name=COUNTER).create_intent(
            order_ref=order_ref,
            amount_fen=latest.amount_fen,
            currency=latest.currency,
            idempotency_key=intent_key(order_ref, latest.attempt + 1),
            metadata={},
        )
        params = {
            "id": latest.id,
            "intent_id": latest.intent_id,
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


async def _latest(connection: Connection, order_ref: str) -> PaymentRead | None:
    row = await fetch_one(connection, service.LATEST, {"order_ref": order_ref})
    return PaymentRead.model_validate(row) if row is not None else None


async def _settle(
    connection: Connection, event_id: str, obj: dict[str, Any], *, at: datetime
) -> bool:
    if await _fast_lane(connection, event_id, obj, at):
        return True
    await anyio.to_thread.run_sync(_receive, event_id, obj)
    return False
