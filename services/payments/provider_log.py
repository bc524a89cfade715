"""The provider's events, each recorded once by its id and told to the order once.

Every use case that takes in a provider event (a success: ``success``; a refund:
``refunds``; a failure or cancel: ``provider_events``) locks the payment the event
names, then records the event here and applies its own rule to the payment. The lock
comes before the record, the order the fast lane takes too, so concurrent deliveries
of one event through both lanes never deadlock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.payments.events import Kind, PaymentEvent, dispatch
from services.payments.models import Payment, WebhookEvent

log = structlog.get_logger(__name__)

EVENT_KINDS: dict[str, Kind] = {
    "payment_intent.succeeded": "succeeded",
    "payment_intent.payment_failed": "failed",
    "payment_intent.canceled": "canceled",
    "charge.refunded": "refunded",
    # WeChat Pay, its resource mapped to the same shape (``wechatpay_webhooks``).
    "TRANSACTION.SUCCESS": "succeeded",
    "REFUND.SUCCESS": "refunded",
}

#: A use case's rule for one event on its (locked) payment: the outcome, and the fact
#: to tell the order (None: nothing to tell).
Apply = Callable[[Session, Payment, dict[str, Any]], tuple[str, PaymentEvent | None]]


def locked_payment(session: Session, intent_id: object) -> Payment | None:
    """The payment of the provider's intent ``intent_id``, locked for the event."""
    return session.scalars(
        select(Payment).where(Payment.intent_id == str(intent_id)).with_for_update()
    ).first()


def record(
    *,
    session: Session,
    event_id: str,
    event_type: str,
    obj: dict[str, Any],
    payment: Payment | None,
    apply: Apply | None,
) -> str:
    """Record the event once, apply it to ``payment`` (locked by the caller), tell the order.

    ``apply`` None: an event no use case takes (``ignored``); a ``payment`` of None:
    ``unknown_intent``; a repeated event id: ``duplicate``, nothing applied.
    """
    inserted = session.execute(
        insert(WebhookEvent)
        .values(event_id=event_id, type=event_type, payload=obj, outcome="applied")
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(WebhookEvent.event_id)
    ).first()
    if inserted is None:
        return "duplicate"
    if apply is None:
        outcome, event = "ignored", None
    elif payment is None:
        log.warning("payment_event_unknown_intent", type=event_type)
        outcome, event = "unknown_intent", None
    else:
        outcome, event = apply(session, payment, obj)
    if outcome != "applied":  # written optimistically: one statement less on the usual path
        session.execute(
            update(WebhookEvent).where(WebhookEvent.event_id == event_id).values(outcome=outcome)
        )
    if event is not None:
        dispatch(session, event)
    return outcome


def told(payment: Payment, kind: Kind) -> tuple[str, PaymentEvent]:
    """``applied``, and the fact of ``kind`` on ``payment`` as it now stands."""
    return "applied", PaymentEvent(
        kind=kind,
        order_ref=payment.order_ref,
        payment_id=payment.id,
        amount_fen=payment.amount_fen,
        refunded_fen=payment.refunded_fen,
    )
