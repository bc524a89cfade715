"""``POST /webhooks/wechatpay``: verified, fresh, decrypted, one notification once, one intake.

WeChat Pay retries a notification until it gets a 2xx; a 4xx/5xx answer carries
``{"code": "FAIL", "message": ...}`` (its documented form; our error object rides
along). A payment success goes through the same intake as Stripe's
(``success.receive_succeeded``: the fast lane, else ``success.receive_full``), so there is
one implementation of "payment succeeded"; refunds through ``refunds.receive_refund``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import structlog
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from services.payments import provider_events, refunds, success
from services.payments.gateway import GatewayError, get_gateway
from services.payments.wechatpay_gateway import WeChatPayGateway
from services.platform import adb, ratelimit
from services.platform.errors import DomainError, Unauthorized, Unavailable
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.answers import answers
from services.platform.web.client_ip import ClientIp
from services.platform.web.deps import AsyncRedisDep, PoolDep
from services.platform.web.errors import error_body

log = structlog.get_logger(__name__)
router = APIRouter(tags=["webhooks"])

#: WeChat Pay's advice: refuse a notification signed more than 5 minutes from now.
TOLERANCE_SECONDS = 300
MAX_BODY_BYTES = 512 * 1024
_REFUND_EVENTS = frozenset({"REFUND.SUCCESS", "REFUND.ABNORMAL", "REFUND.CLOSED"})


class WeChatPayAck(BaseModel):
    """What WeChat Pay reads (``code``) and what we did with the notification (``outcome``)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"code": "SUCCESS", "message": "OK", "outcome": "applied"}]}
    )

    code: str
    message: str
    outcome: str


def check_fresh(headers: Mapping[str, str], *, now: float | None = None) -> None:
    """Unauthorized unless ``Wechatpay-Timestamp`` is within 5 minutes of now (replays)."""
    stamp = headers.get("wechatpay-timestamp", "")
    if not stamp.isdigit():
        raise Unauthorized("missing webhook timestamp", code="webhook_signature_invalid")
    moment = now if now is not None else time.time()
    if int(stamp) > moment + TOLERANCE_SECONDS:
        raise Unauthorized("the webhook is dated in the future", code="webhook_future_dated")
    if int(stamp) < moment - TOLERANCE_SECONDS:
        raise Unauthorized("the webhook is too old", code="webhook_stale")


def verify(
    gateway: WeChatPayGateway, headers: Mapping[str, str], body: bytes, *, now: float | None = None
) -> dict[str, Any]:
    """The notification, signature checked on the raw body and its resource decrypted."""
    check_fresh(headers, now=now)
    opened = gateway.open_notification(headers, body)
    if opened is None or not isinstance(opened.get("resource"), dict) or not opened.get("id"):
        raise Unauthorized(
            "the webhook signature does not verify", code="webhook_signature_invalid"
        )
    return opened


def payment_object(resource: Mapping[str, Any]) -> dict[str, Any]:
    """A transaction resource in the intake's shape (``decisions.received`` reads it)."""
    amount = resource.get("amount") if isinstance(resource.get("amount"), dict) else {}
    assert isinstance(amount, dict)
    return {
        "id": str(resource.get("out_trade_no", "")),
        "amount": amount.get("total"),
        "amount_received": amount.get("total"),
        "currency": str(amount.get("currency", "")).upper(),
        "status": str(resource.get("trade_state", "")).lower(),
        "transaction_id": resource.get("transaction_id"),
    }


def _gateway() -> WeChatPayGateway:
    try:
        gateway = get_gateway(name="wechatpay")
    except GatewayError as exc:
        raise Unavailable("WeChat Pay is not configured", code="payments_unwired") from exc
    assert isinstance(gateway, WeChatPayGateway)
    return gateway


def _receive(event_id: str, event_type: str, resource: dict[str, Any]) -> str:
    with UnitOfWork() as uow:
        if event_type in _REFUND_EVENTS:
            amount = resource.get("amount") if isinstance(resource.get("amount"), dict) else {}
            refund = amount.get("refund") if isinstance(amount, dict) else None
            outcome = refunds.receive_refund(
                session=uow.session,
                event_id=event_id,
                event_type=event_type,
                intent_id=str(resource.get("out_trade_no", "")),
                refund_key=str(resource.get("out_refund_no", "")),
                amount_fen=refund if isinstance(refund, int) else 0,
                succeeded=resource.get("refund_status") == "SUCCESS",
            )
        else:
            outcome = provider_events.receive(
                session=uow.session, event_id=event_id, event_type=event_type, obj=resource
            )
        uow.commit()
    return outcome


async def _take_in(pool: adb.Pool, notification: dict[str, Any]) -> str:
    event_id, event_type = str(notification["id"]), str(notification.get("event_type", ""))
    resource = notification["resource"]
    if event_type == "TRANSACTION.SUCCESS":
        obj = payment_object(resource)
        if obj["status"] != "success":
            return "ignored"
        async with adb.connection(pool, get_settings()) as connection:
            return await success.receive_succeeded(connection, event_id=event_id, obj=obj)
    return await run_in_threadpool(_receive, event_id, event_type, resource)


def _fail(exc: DomainError) -> JSONResponse:
    body = {"code": "FAIL", "message": exc.message, **error_body(exc.code, exc.message)}
    return JSONResponse(body, status_code=exc.status_code)


@router.post("/webhooks/wechatpay", response_model=WeChatPayAck)
@answers(
    "webhook_signature_invalid",
    "webhook_stale",
    "webhook_future_dated",
    "webhook_too_large",
    "payments_unwired",
    "webhook_rate_limited",
)
async def wechatpay_webhook(
    request: Request, pool: PoolDep, redis: AsyncRedisDep, client_ip: ClientIp
) -> JSONResponse:
    payload = await request.body()
    headers = {name.lower(): value for name, value in request.headers.items()}
    try:
        # Counted first: junk costs one INCR, never crypto (WeChat Pay retries a 429 later).
        await ratelimit.enforce(
            redis,
            [(f"ip:{client_ip}", get_settings().wechatpay_webhook_per_ip_per_minute)],
            scope="wechatpay_webhook",
            code="webhook_rate_limited",
            message="too many notifications from this address; retry later",
        )
        check_fresh(headers)  # before any crypto: a replay costs none
        # On a thread: RSA verification and AES decryption are CPU work.
        notification = await run_in_threadpool(lambda: verify(_gateway(), headers, payload))
        outcome = await _take_in(pool, notification)
    except DomainError as exc:
        log.warning("wechatpay_webhook_refused", code=exc.code)
        return _fail(exc)
    log.info(
        "wechatpay_webhook",
        event_id=notification["id"],
        type=notification.get("event_type"),
        outcome=outcome,
    )
    return JSONResponse({"code": "SUCCESS", "message": "OK", "outcome": outcome})
