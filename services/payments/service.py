"""Reading a payment, the events the dev simulation and the counter stand in for, cancels.

By use case elsewhere: an attempt and its intent (``intake``), a success on both lanes
(``success``), money at the counter (``at_the_counter``), a refund (``refunds``); any
provider event is routed by ``provider_events`` and recorded once by ``provider_log``.
Functions take the session and never commit; a cancel is written down and an outbox task
calls the gateway after commit.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.payments.gateway import NEEDS_PAYER, GatewayError, get_gateway
from services.payments.models import Payment
from services.payments.schemas import PaymentRead
from services.platform.db import fetch
from services.platform.errors import Conflict, Forbidden
from services.platform.outbox import publish
from services.platform.settings import get_settings

log = structlog.get_logger(__name__)

CANCEL_TOPIC = "payments.cancel_requested"
#: ``PaymentRead``'s columns, for plain SQL on either driver.
COLUMNS = ", ".join(PaymentRead.model_fields)
LATEST = f"""
    SELECT {COLUMNS} FROM payments.payments WHERE order_ref = %(order_ref)s
    ORDER BY attempt DESC LIMIT 1
"""


def current(*, session: Session, order_ref: str) -> PaymentRead | None:
    """The order's latest payment attempt (``LATEST``, the text ``intake.current`` runs too)."""
    rows = fetch(session, LATEST, {"order_ref": order_ref})
    return PaymentRead.model_validate(rows[0]) if rows else None


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
