"""Outbox consumers that call the gateway after the deciding transaction committed."""

from __future__ import annotations

from typing import Any

import structlog

from services.payments import refunds
from services.payments.gateway import GatewayError, cancel_key, get_gateway
from services.payments.models import Payment
from services.platform.celery_app import celery_app
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork

log = structlog.get_logger(__name__)

REFUND_TASK = "payments.execute_refund"
CANCEL_TASK = "payments.cancel_intent"
REFRESH_CERTIFICATES = "payments.refresh_wechatpay_certificates"


@celery_app.task(name=REFUND_TASK, bind=True, max_retries=8, default_retry_delay=30)
def execute_refund(self: Any, message_id: int, topic: str, payload: dict[str, Any]) -> None:
    """Refund through the gateway (``refunds.send``); the refund's key makes a retry safe."""
    try:
        refunds.send(refund_id=payload["refund_id"], message_id=message_id, consumer=REFUND_TASK)
    except GatewayError as exc:
        raise self.retry(exc=exc) from exc


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


# WeChat Pay issues a new certificate well before it signs with it: a few hours is soon enough.
