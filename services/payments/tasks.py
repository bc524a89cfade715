"""Outbox consumers that call the gateway after the deciding transaction committed."""

from __future__ import annotations

from typing import Any

import structlog

from services.payments import refunds, service
from services.payments.gateway import GatewayError, cancel_key, get_gateway
from services.payments.models import Payment, Refund
from services.platform.celery_app import celery_app
from services.platform.outbox import first_delivery, subscribe
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork

log = structlog.get_logger(__name__)

REFUND_TASK = "payments.execute_refund"
CANCEL_TASK = "payments.cancel_intent"
REFRESH_CERTIFICATES = "payments.refresh_wechatpay_certificates"


@celery_app.task(name=REFUND_TASK, bind=True, max_retries=8, default_retry_delay=30)
def execute_refund(self: Any, message_id: int, topic: str, payload: dict[str, Any]) -> None:
    """Refund through the gateway; the refund's idempotency key makes a retry safe."""
    with UnitOfWork() as uow:
        refund = uow.session.get(Refund, payload["refund_id"])
        if refund is None or refund.status != "pending":
            return
        payment = uow.session.get_one(Payment, refund.payment_id)
        intent_id, amount, key = payment.intent_id, refund.amount_fen, refund.idempotency_key
        gateway, paid, payment_id = payment.gateway, payment.amount_fen, payment.id
    assert intent_id is not None
    try:  # no transaction open across the provider call
        result = get_gateway(name=gateway).refund(
            intent_id=intent_id, amount_fen=amount, idempotency_key=key, paid_fen=paid
        )
    except GatewayError as exc:
        log.warning("refund_failed", refund_id=payload["refund_id"], error=str(exc))
        raise self.retry(exc=exc) from exc
    with UnitOfWork() as uow:
        if first_delivery(uow.session, consumer=REFUND_TASK, message_id=message_id):
            # Payment, then refund: the lock order of the refund notification too.
            payment = uow.session.get_one(Payment, payment_id, with_for_update=True)
            refund = uow.session.get_one(Refund, payload["refund_id"], with_for_update=True)
            refund.provider_refund_id = result.id
            # Still pending: the provider's notification may have settled it first.
            if refund.status == "pending" and result.status != "processing":
                refunds.settle_refund(payment, refund, succeeded=result.status != "failed")
        uow.commit()


@celery_app.task(name=CANCEL_TASK)
def cancel_intent(message_id: int, topic: str, payload: dict[str, Any]) -> None:
    """Cancel an unpaid intent so a late payment cannot land; a paid one is refunded instead."""
    with UnitOfWork() as uow:
        payment = uow.session.get(Payment, payload["payment_id"])
        if payment is None or payment.intent_id is None or payment.status == "succeeded":
            return
        intent_id, key = payment.intent_id, cancel_key(payment.order_ref, payment.attempt)
        gateway = payment.gateway
    try:
        get_gateway(name=gateway).cancel_intent(intent_id=intent_id, idempotency_key=key)
    except GatewayError as exc:  # already succeeded or gone: the webhook tells us which
        log.warning("intent_cancel_failed", payment_id=payload["payment_id"], error=str(exc))
        return
    with UnitOfWork() as uow:
        payment = uow.session.get_one(Payment, payload["payment_id"], with_for_update=True)
        if payment.status != "succeeded":
            payment.status = "canceled"
        uow.commit()


@celery_app.task(name=REFRESH_CERTIFICATES)
def refresh_wechatpay_certificates() -> int:
    """Download WeChat Pay's platform certificates into the folder every process reads.

    The only place certificates are fetched (never for a notification's serial); 0
    when WeChat Pay is not in use or runs on its public key.
    """
    settings = get_settings()
    if "wechatpay" not in (settings.payment_gateway, *settings.payment_gateways.values()):
        return 0
    try:
        gateway = get_gateway(name="wechatpay")
        held = gateway.refresh_certificates()  # type: ignore[attr-defined]
    except GatewayError as exc:
        log.warning("wechatpay_certificates_refresh_failed", error=str(exc))
        return 0
    return int(held)


subscribe(refunds.REFUND_TOPIC, REFUND_TASK)
subscribe(service.CANCEL_TOPIC, CANCEL_TASK)
# WeChat Pay issues a new certificate well before it signs with it: a few hours is soon enough.
