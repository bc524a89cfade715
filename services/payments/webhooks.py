"""``POST /webhooks/stripe``: signature on the raw body, timestamp window, one event once."""

from __future__ import annotations

import time
from typing import Any

import stripe
import structlog
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from services.payments import provider_events, success
from services.platform import adb
from services.platform.errors import Unauthorized
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.answers import answers
from services.platform.web.deps import PoolDep

log = structlog.get_logger(__name__)
router = APIRouter(tags=["webhooks"])

TOLERANCE_SECONDS = 300
#: Enforced while reading, before this route runs, by the app's body-limit middleware.
MAX_BODY_BYTES = 512 * 1024


def signed_at(header: str) -> int | None:
    """The ``t=`` timestamp of a ``Stripe-Signature`` header."""
    for part in header.split(","):
        name, _, value = part.partition("=")
        if name.strip() == "t" and value.strip().isdigit():
            return int(value)
    return None


def verify(payload: bytes, header: str | None, secret: str, *, now: float | None = None) -> Any:
    """The verified event, or Unauthorized; the SDK checks the past, we also check the future."""
    if not header or not secret:
        raise Unauthorized("missing webhook signature", code="webhook_signature_invalid")
    timestamp = signed_at(header)
    if timestamp is not None and timestamp > (now or time.time()) + TOLERANCE_SECONDS:
        raise Unauthorized("the webhook is dated in the future", code="webhook_future_dated")
    try:
        return stripe.Webhook.construct_event(
            payload.decode("utf-8"), header, secret, tolerance=TOLERANCE_SECONDS
        )
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as exc:
        raise Unauthorized(
            "the webhook signature does not verify", code="webhook_signature_invalid"
        ) from exc


def _handle(event_id: str, event_type: str, obj: dict[str, Any]) -> str:
    with UnitOfWork() as uow:
        outcome = provider_events.receive(
            session=uow.session, event_id=event_id, event_type=event_type, obj=obj
        )
        uow.commit()
    return outcome


@router.post("/webhooks/stripe")
@answers(
    "webhook_signature_invalid", "webhook_future_dated", "webhook_too_large", "payments_unwired"
)
async def stripe_webhook(request: Request, pool: PoolDep) -> dict[str, str]:
    payload = await request.body()
    secret = get_settings().stripe_webhook_secret.get_secret_value()
    event = verify(payload, request.headers.get("stripe-signature"), secret)
    obj = event.data.object.to_dict() if hasattr(event.data.object, "to_dict") else {}
    if event.type == "payment_intent.succeeded":  # the busy one: the event-loop fast lane
        async with adb.connection(pool, get_settings()) as connection:
            outcome = await success.receive_succeeded(connection, event_id=str(event.id), obj=obj)
    else:
        outcome = await run_in_threadpool(_handle, str(event.id), str(event.type), obj)
    log.info("stripe_webhook", event_id=event.id, type=event.type, outcome=outcome)
    return {"outcome": outcome}
