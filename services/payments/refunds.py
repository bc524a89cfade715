"""A refund, the one module for it: asked for by orders (written down, sent by a task after
commit), settled by the gateway's answer or the provider's refund event, whichever comes
first; a second capture given back; the provider's cumulative refund told to the order.

The provider is never called in the transaction that decides a refund: the refund is
written down with an outbox message, and its task (``send``) calls the gateway after
commit with no transaction open, so no database lock is ever held across the network.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.payments.captures import captured, second_capture
from services.payments.decisions import (
    PAID_TWICE,
    check_refund,
    paid_twice,
    refundable,
    refunded_total,
)
from services.payments.events import PaymentEvent
from services.payments.gateway import GatewayError, get_gateway
from services.payments.models import Payment, Refund
from services.payments.provider_log import EVENT_KINDS, locked_payment, record, told
from services.platform.errors import Conflict
from services.platform.outbox import first_delivery, publish
from services.platform.uow import UnitOfWork

log = structlog.get_logger(__name__)

REFUND_TOPIC = "payments.refund_requested"


def settle_refund(payment: Payment, refund: Refund, *, succeeded: bool) -> None:
    """A pending refund's outcome; the money counts once (both rows locked by the caller)."""
    if refund.status != "pending":
        return
    refund.status = "succeeded" if succeeded else "failed"
    if succeeded:
        payment.refunded_fen = min(payment.amount_fen, payment.refunded_fen + refund.amount_fen)


def send(*, refund_id: int, message_id: int, consumer: str) -> None:
    """Ask the refund's gateway for it, then settle it with the answer (once per message).

    No transaction is open across the provider call. ``GatewayError``: try again later;
    the refund's idempotency key makes a retry the same refund.
    """
    with UnitOfWork() as uow:
        refund = uow.session.get(Refund, refund_id)
        if refund is None or refund.status != "pending":
            return
        payment = uow.session.get_one(Payment, refund.payment_id)
        intent_id, amount, key = payment.intent_id, refund.amount_fen, refund.idempotency_key
        gateway, paid, payment_id = payment.gateway, payment.amount_fen, payment.id
    assert intent_id is not None
    try:
        result = get_gateway(name=gateway).refund(
            intent_id=intent_id, amount_fen=amount, idempotency_key=key, paid_fen=paid
        )
    except GatewayError as exc:
        log.warning("refund_failed", refund_id=refund_id, error=str(exc))
        raise
    with UnitOfWork() as uow:
        if first_delivery(uow.session, consumer=consumer, message_id=message_id):
            # Payment, then refund: the lock order of the refund notification too.
            payment = uow.session.get_one(Payment, payment_id, with_for_update=True)
            refund = uow.session.get_one(Refund, refund_id, with_for_update=True)
            refund.provider_refund_id = result.id
            # Still pending: the provider's notification may have settled it first.
            if refund.status == "pending" and result.status != "processing":
                settle_refund(payment, refund, succeeded=result.status != "failed")
        uow.commit()


def receive_refunded(
    *, session: Session, event_id: str, event_type: str, obj: dict[str, Any]
) -> str:
    """The provider's cumulative refund of an intent (``amount_refunded`` in all), once.

    The payment counts what went back (never more than was paid, never less than it
    counted); the order is told, unless the money was a second capture it never counted.
    """
    payment = locked_payment(session, obj.get("payment_intent"))
    return record(
        session=session,
        event_id=event_id,
        event_type=event_type,
        obj=obj,
        payment=payment,
        apply=_apply_refunded,
    )


def _apply_refunded(
    session: Session, payment: Payment, obj: dict[str, Any]
) -> tuple[str, PaymentEvent | None]:
    if str(obj.get("currency", "")).upper() != payment.currency:
        return "amount_mismatch", None
    payment.refunded_fen = refunded_total(
        paid_fen=payment.amount_fen,
        refunded_fen=payment.refunded_fen,
        reported_fen=int(obj.get("amount_refunded", 0)),
    )
    if second_capture(session, payment.id):
        session.flush()
        return "applied", None  # money the order never counted: nothing to tell it
    session.flush()
    return told(payment, "refunded")


def _receive_as(*, session: Session, event_id: str, event_type: str, obj: dict[str, Any]) -> str:
    # A notification that reports no refund (closed, abnormal) is recorded and ignored.
    if EVENT_KINDS.get(event_type) == "refunded":
        return receive_refunded(session=session, event_id=event_id, event_type=event_type, obj=obj)
    return record(
        session=session, event_id=event_id, event_type=event_type, obj=obj, payment=None, apply=None
    )


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
    """A provider's word on one refund (by our key), then as a cumulative refund.

    Its refund row settles once whichever comes first, this or the refund task's
    answer; a refund made at the provider (a key we never issued) is written down.
    Locks: payment, then refund (the task's order too).
    """
    payment = session.scalars(
        select(Payment).where(Payment.intent_id == intent_id).with_for_update()
    ).first()
    if payment is None:
        return _receive_as(session=session, event_id=event_id, event_type=event_type, obj={})
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
    return _receive_as(session=session, event_id=event_id, event_type=event_type, obj=obj)


def refund_second_capture(*, session: Session, order_ref: str, payment_id: int) -> bool:
    """Give back in full the money of ``payment_id`` when another attempt already paid the
    order (``decisions.paid_twice``); False when it is the order's own payment.

    The caller holds the order's lock: of two successes of one order, the second to take
    it sees the first committed, so exactly one capture stays. The refund goes through the
    payment's own gateway after commit; a repeat finds nothing left to give back.
    """
    counted = [p.id for p in captured(session, order_ref)]
    if not paid_twice(payment_id=payment_id, captured=counted):
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
    payment = next(iter(captured(session, order_ref)), None)
    if payment is None:
        raise Conflict("the order has no succeeded payment to refund", code="nothing_to_refund")
    asked = _asked(session, payment.id)
    check_refund(amount_fen=amount_fen, paid_fen=payment.amount_fen, refunded_fen=asked)
    count = session.scalar(select(func.count()).where(Refund.payment_id == payment.id)) or 0
    key = f"order-{order_ref}-refund-{count + 1}"
    return _write_refund(session, payment, amount_fen=amount_fen, reason=reason, key=key)
