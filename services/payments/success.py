"""A payment succeeded: the one module for it, both lanes.

The hot path of a sale runs here in plain SQL. A success event takes the fast lane only
in the usual case: the intent is known, not yet succeeded, the amount matches, the event
is new, and every async handler (orders) accepts it. Anything else rolls the fast lane
back and takes the full path (``receive_full``) on a worker thread, which handles every
case (duplicates, mismatches, late payments) with ``decisions.accept``. Locks are taken
in the same order on both lanes: payment, then order, then reservation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import anyio.to_thread
import structlog
from sqlalchemy.orm import Session

from services.payments import service
from services.payments.decisions import OPEN, accept, after_mismatch, received
from services.payments.events import PaymentEvent
from services.payments.intake import latest
from services.payments.models import Payment
from services.payments.provider_log import locked_payment, record, told
from services.payments.schemas import PaymentRead
from services.platform import adb
from services.platform.adb import Connection, fetch_one
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork, kick_relay_soon

log = structlog.get_logger(__name__)
_COLUMNS = service.COLUMNS
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


def receive_full(*, session: Session, event_id: str, event_type: str, obj: dict[str, Any]) -> str:
    """The full path: any success, recorded once, checked by ``decisions.accept``, applied."""
    payment = locked_payment(session, obj.get("id"))
    return record(
        session=session,
        event_id=event_id,
        event_type=event_type,
        obj=obj,
        payment=payment,
        apply=_apply_full,
    )


def _apply_full(
    session: Session, payment: Payment, obj: dict[str, Any]
) -> tuple[str, PaymentEvent | None]:
    acceptance = accept(
        status=payment.status, amount_fen=payment.amount_fen, currency=payment.currency, intent=obj
    )
    if acceptance == "amount_mismatch":
        log.error(
            "payment_amount_mismatch",
            payment_id=payment.id,
            expected=(payment.amount_fen, payment.currency),
            received=received(obj),
        )
        payment.status = after_mismatch(payment.status)
        return "amount_mismatch", None
    # Settled or late, the money is taken: orders decides what a late one means.
    payment.status = "succeeded"
    session.flush()
    return told(payment, "succeeded")


def _receive(event_id: str, obj: dict[str, Any]) -> str:
    with UnitOfWork() as uow:
        outcome = receive_full(
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
    """Take in a ``payment_intent.succeeded`` event; the outcome as ``receive_full`` says.

    ``connection`` must have no transaction open; the full path (rare) runs on a
    worker thread with a unit of work of its own.
    """
    if await _fast_lane(connection, event_id, obj, utcnow()):
        return "applied"
    return await anyio.to_thread.run_sync(_receive, event_id, obj)


async def simulate_success(
    connection: Connection, order_ref: str, *, at: datetime
) -> PaymentRead | None:
    """Dev only: the provider says the latest intent succeeded, through the webhook path.

    The payment as it now stands when it was the usual success, applied at ``at`` by
    every async handler (orders: the pending order is paid at ``at``): the attempt read
    before, succeeded (the caller needs no read after it). None when the full intake
    decided, and the caller must read what it did.
    """
    service.check_simulation_allowed()
    payment = await latest(connection, order_ref)
    if not await settle(connection, *service.simulated_success(payment), at=at):
        return None
    assert payment is not None  # an unknown order's event never takes the fast lane
    return payment.model_copy(update={"status": "succeeded"})


async def settle(
    connection: Connection, event_id: str, obj: dict[str, Any], *, at: datetime
) -> bool:
    if await _fast_lane(connection, event_id, obj, at):
        return True
    await anyio.to_thread.run_sync(_receive, event_id, obj)
    return False
