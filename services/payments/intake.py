"""A payment attempt and its intent, on the event loop.

An attempt is written inside ``orders.place_order`` (``payments.start_payment``, with
what ``new_attempt`` says); its intent is opened with the provider after that commit
(``open_intent``). What happens when it succeeds: ``success``; at the counter:
``at_the_counter``; refunds: ``refunds``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
import structlog

from services.payments import service
from services.payments.gateway import (
    NEEDS_PAYER,
    GatewayError,
    Intent,
    PaymentGateway,
    get_gateway,
    intent_key,
)
from services.payments.schemas import PaymentRead
from services.payments.settings import PayChannel
from services.platform import adb
from services.platform.adb import Connection, Pool, fetch_one
from services.platform.errors import NotFound, Unavailable
from services.platform.settings import get_settings

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


async def latest(connection: Connection, order_ref: str) -> PaymentRead | None:
    """The order's latest attempt, or None (``service.LATEST``, the text the sync path runs)."""
    row = await fetch_one(connection, service.LATEST, {"order_ref": order_ref})
    return PaymentRead.model_validate(row) if row is not None else None
