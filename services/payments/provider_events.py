"""The provider's word on a payment, the full path: any event, once, checked, applied.

Every event the providers send (success, failure, cancel, refund) is recorded once by
its id, checked against the payment it names (``decisions.accept``) and told to the
order through ``events.dispatch``. The usual success takes a faster lane first
(``success``); anything unusual comes here.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.payments.captures import second_capture
from services.payments.decisions import OPEN, accept, received
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


def receive(*, session: Session, event_id: str, event_type: str, obj: dict[str, Any]) -> str:
    """Record one provider event once, check it, apply it; returns the outcome.

    The payment is locked before the event is recorded: the same order as the
    fast lane (``intake``), so concurrent deliveries of one event through both
    never deadlock.
    """
    kind = EVENT_KINDS.get(event_type)
    payment = _locked_payment(session, kind, obj) if kind is not None else None
    inserted = session.execute(
        insert(WebhookEvent)
        .values(event_id=event_id, type=event_type, payload=obj, outcome="applied")
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(WebhookEvent.event_id)
    ).first()
    if inserted is None:
        return "duplicate"
    outcome, event = _apply(session, kind, payment, event_type, obj)
    if outcome != "applied":  # written optimistically: one statement less on the usual path
        session.execute(
            update(WebhookEvent).where(WebhookEvent.event_id == event_id).values(outcome=outcome)
        )
    if event is not None:
        dispatch(session, event)
    return outcome


def _locked_payment(session: Session, kind: Kind, obj: dict[str, Any]) -> Payment | None:
    intent_id = obj.get("id") if kind != "refunded" else obj.get("payment_intent")
    return session.scalars(
        select(Payment).where(Payment.intent_id == str(intent_id)).with_for_update()
    ).first()


def _apply(
    session: Session,
    kind: Kind | None,
    payment: Payment | None,
    event_type: str,
    obj: dict[str, Any],
) -> tuple[str, PaymentEvent | None]:
    if kind is None:
        return "ignored", None
    if payment is None:
        log.warning("payment_event_unknown_intent", type=event_type)
        return "unknown_intent", None
    currency = str(obj.get("currency", "")).upper()
    if kind == "succeeded":
        acceptance = accept(
            status=payment.status,
            amount_fen=payment.amount_fen,
            currency=payment.currency,
            intent=obj,
        )
        if acceptance == "amount_mismatch":
            log.error(
                "payment_amount_mismatch",
                payment_id=payment.id,
                expected=(payment.amount_fen, payment.currency),
                received=received(obj),
            )
            if payment.status != "succeeded":
                payment.status = "amount_mismatch"
            return "amount_mismatch", None
        payment.status = "succeeded"
    elif kind == "failed":
        # Out-of-order tolerance: a late failure never undoes a success.
        if payment.status in OPEN:
            payment.status = "failed"
    elif kind == "canceled":
        if payment.status != "succeeded":
            payment.status = "canceled"
    else:
        if currency != payment.currency:
            return "amount_mismatch", None
        refunded = min(int(obj.get("amount_refunded", 0)), payment.amount_fen)
        payment.refunded_fen = max(payment.refunded_fen, refunded)
        if second_capture(session, payment.id):
            session.flush()
            return "applied", None  # money the order never counted: nothing to tell it
    session.flush()
    return "applied", PaymentEvent(
        kind=kind,
        order_ref=payment.order_ref,
        payment_id=payment.id,
        amount_fen=payment.amount_fen,
        refunded_fen=payment.refunded_fen,
    )
