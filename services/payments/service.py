"""Payment use cases: provider events (de-duplicated, checked), refunds, cancels.

An attempt and its intent are written on the event loop (``payments.start_payment``
inside ``orders.place_order``; ``intake.open_intent``).

Functions take the session and never commit. Provider calls never happen
here: refunds and cancels are written down and an outbox task calls the
gateway after commit, so no database lock is ever held across the network.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.payments.decisions import (
    OPEN,
    PAID_TWICE,
    accept,
    check_refund,
    paid_twice,
    received,
    refundable,
)
from services.payments.events import Kind, PaymentEvent, dispatch
from services.payments.gateway import NEEDS_PAYER, GatewayError, get_gateway
from services.payments.models import Payment, Refund, WebhookEvent
from services.payments.schemas import PaymentRead
from services.platform.db import fetch
from services.platform.errors import Conflict, Forbidden
from services.platform.outbox import publish
from services.platform.settings import get_settings

log = structlog.get_logger(__name__)

REFUND_TOPIC = "payments.refund_requested"
CANCEL_TOPIC = "payments.cancel_requested"
#: ``PaymentRead``'s columns, for plain SQL on either driver.
COLUMNS = ", ".join(PaymentRead.model_fields)
LATEST = f"""
    SELECT {COLUMNS} FROM payments.payments WHERE order_ref = %(order_ref)s
    ORDER BY attempt DESC LIMIT 1
"""
EVENT_KINDS: dict[str, Kind] = {
    "payment_intent.succeeded": "succeeded",
    "payment_intent.payment_failed": "failed",
    "payment_intent.canceled": "canceled",
    "charge.refunded": "refunded",
    # WeChat Pay, its resource mapped to the same shape (``wechatpay_webhooks``).
    "TRANSACTION.SUCCESS": "succeeded",
    "REFUND.SUCCESS": "refunded",
}


def current(*, session: Session, order_ref: str) -> PaymentRead | None:
    """The order's latest payment attempt (``LATEST``, the text ``intake.current`` runs too)."""
    rows = fetch(session, LATEST, {"order_ref": order_ref})
    return PaymentRead.model_validate(rows[0]) if rows else None


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
        if _second_capture(session, payment.id):
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


def settle_refund(payment: Payment, refund: Refund, *, succeeded: bool) -> None:
    """A pending refund's outcome; the money counts once (both rows locked by the caller)."""
    if refund.status != "pending":
        return
    refund.status = "succeeded" if succeeded else "failed"
    if succeeded:
        payment.refunded_fen = min(payment.amount_fen, payment.refunded_fen + refund.amount_fen)


def receive_refund(
    *,
    session: Session,
    event_id: str,
    event_type: str,
    intent_id: str,
    refund_key: str,
    amount_fen: int,
    succeeded: bool,
) -> str:
    """A provider's word on one refund (by our key), then ``receive`` as a cumulative refund.

    Its refund row settles once whichever comes first, this or the refund task's
    answer; a refund made at the provider (a key we never issued) is written down.
    Locks: payment, then refund (the task's order too).
    """
    payment = session.scalars(
        select(Payment).where(Payment.intent_id == intent_id).with_for_update()
    ).first()
    if payment is None:
        return receive(session=session, event_id=event_id, event_type=event_type, obj={})
    refund = session.scalars(
        select(Refund)
        .where(Refund.payment_id == payment.id, Refund.idempotency_key == refund_key)
        .with_for_update()
    ).first()
    if refund is None and succeeded and amount_fen > 0:
        refund = Refund(
            payment_id=payment.id,
            amount_fen=amount_fen,
            reason="at_provider",
            idempotency_key=refund_key,
            status="pending",
        )
        session.add(refund)
    if refund is not None:
        if not succeeded:
            log.error("refund_failed_at_provider", refund_key=refund_key, payment_id=payment.id)
        settle_refund(payment, refund, succeeded=succeeded)
        session.flush()
    obj = {
        "payment_intent": intent_id,
        "amount_refunded": payment.refunded_fen,
        "currency": payment.currency,
        "refund_key": refund_key,
    }
    return receive(session=session, event_id=event_id, event_type=event_type, obj=obj)


def client_params(payment: PaymentRead) -> dict[str, str] | None:
    """The signed parameters of the shopper's payment sheet, when the gateway makes them."""
    if payment.client_secret is None or payment.gateway not in NEEDS_PAYER:
        return None
    try:
        return get_gateway(name=payment.gateway).client_params(client_secret=payment.client_secret)
    except GatewayError as exc:  # misconfigured: the order still reads; paying waits
        log.error("client_params_unavailable", payment_id=payment.id, error=str(exc))
        return None


def check_simulation_allowed() -> None:
    """Forbidden unless this is development on the offline gateway."""
    settings = get_settings()
    if not settings.is_dev or settings.payment_gateway != "offline":
        raise Forbidden("payment simulation is for development only", code="simulation_disabled")


def simulated_success(payment: PaymentRead | None) -> tuple[str, dict[str, Any]]:
    """The event id and intent object the provider would send for the latest attempt."""
    return _success_event(payment, origin="sim", metadata={})


def counter_success(
    payment: PaymentRead | None, *, amount_fen: int, method: str, recorded_by: str
) -> tuple[str, dict[str, Any]]:
    """A payment taken at the store counter (cash, card terminal), as a success event of the
    latest attempt for the amount the staff member took: it is then accepted or refused
    by the same intake as the provider's (``decisions.accept`` compares the amount)."""
    event_id, obj = _success_event(
        payment, origin="counter", metadata={"method": method, "recorded_by": recorded_by}
    )
    return event_id, {**obj, "amount": amount_fen, "amount_received": amount_fen}


def _success_event(
    payment: PaymentRead | None, *, origin: str, metadata: dict[str, str]
) -> tuple[str, dict[str, Any]]:
    if payment is None or payment.intent_id is None:
        raise Conflict("the order has no payment to settle yet", code="payment_not_started")
    obj = {
        "id": payment.intent_id,
        "object": "payment_intent",
        "amount": payment.amount_fen,
        "amount_received": payment.amount_fen,
        "currency": payment.currency.lower(),
        "status": "succeeded",
        "metadata": {"order_ref": payment.order_ref, **metadata},
    }
    return f"evt_{origin}_{payment.intent_id}", obj


def _second_capture(session: Session, payment_id: int) -> bool:
    return session.scalar(select(_is_second_capture(payment_id))) or False


def _is_second_capture(payment_id: Any) -> Any:
    refunds = select(Refund.id).where(Refund.payment_id == payment_id, Refund.reason == PAID_TWICE)
    return refunds.exists()


def _captured(session: Session, order_ref: str) -> list[Payment]:
    """The order's succeeded attempts that count as its payment (second captures left out)."""
    return list(
        session.scalars(
            select(Payment)
            .where(
                Payment.order_ref == order_ref,
                Payment.status == "succeeded",
                ~_is_second_capture(Payment.id),
            )
            .order_by(Payment.attempt)
        )
    )


def refund_second_capture(*, session: Session, order_ref: str, payment_id: int) -> bool:
    """Give back in full the money of ``payment_id`` when another attempt already paid the
    order (``decisions.paid_twice``); False when it is the order's own payment.

    The caller holds the order's lock: of two successes of one order, the second to take
    it sees the first committed, so exactly one capture stays. The refund goes through the
    payment's own gateway after commit; a repeat finds nothing left to give back.
    """
    captured = [p.id for p in _captured(session, order_ref)]
    if not paid_twice(payment_id=payment_id, captured=captured):
        return False
    payment = session.get_one(Payment, payment_id)
    asked = _asked(session, payment_id)
    left = refundable(paid_fen=payment.amount_fen, refunded_fen=asked)
    if left > 0:
        _write_refund(
            session,
            payment,
            amount_fen=left,
            reason=PAID_TWICE,
            key=f"order-{order_ref}-attempt-{payment.attempt}-paid-twice",
        )
    return True


def _asked(session: Session, payment_id: int) -> int:
    asked = session.scalar(
        select(func.coalesce(func.sum(Refund.amount_fen), 0)).where(
            Refund.payment_id == payment_id, Refund.status != "failed"
        )
    )
    return int(asked or 0)


def _write_refund(
    session: Session, payment: Payment, *, amount_fen: int, reason: str, key: str
) -> int:
    refund = Refund(
        payment_id=payment.id,
        amount_fen=amount_fen,
        reason=reason,
        idempotency_key=key,
        status="pending",
    )
    session.add(refund)
    session.flush()
    publish(session, REFUND_TOPIC, {"refund_id": refund.id})
    return refund.id


def request_refund(*, session: Session, order_ref: str, amount_fen: int, reason: str) -> int:
    """Write a refund of the order's payment down; a task asks its gateway after commit.

    The order's payment is its succeeded attempt (a counter payment's refund goes to the
    counter gateway); a second capture is never it (``refund_second_capture``).
    """
    # No lock on the payment: callers hold the order's lock, which serialises refunds of
    # an order, and the webhook path locks payment then order (never the reverse).
    payment = next(iter(_captured(session, order_ref)), None)
    if payment is None:
        raise Conflict("the order has no succeeded payment to refund", code="nothing_to_refund")
    asked = _asked(session, payment.id)
    check_refund(amount_fen=amount_fen, paid_fen=payment.amount_fen, refunded_fen=asked)
    count = session.scalar(select(func.count()).where(Refund.payment_id == payment.id)) or 0
    key = f"order-{order_ref}-refund-{count + 1}"
    return _write_refund(session, payment, amount_fen=amount_fen, reason=reason, key=key)


def request_cancel(*, session: Session, order_ref: str) -> bool:
    """Ask the gateway (after commit) to cancel the open intent; False if there is none."""
    payment = session.scalars(
        select(Payment).where(Payment.order_ref == order_ref).order_by(Payment.attempt.desc())
    ).first()
    if payment is None or payment.status in ("succeeded", "canceled"):
        return False
    if payment.intent_id is None:
        payment.status = "canceled"
        return False
    publish(session, CANCEL_TOPIC, {"payment_id": payment.id})
    return True
