"""Open the provider's payment intent for an order, outside any stock transaction.

This use case spans transactions on purpose (read, call the provider, store),
so it opens its own units of work like a task does. The provider idempotency
key comes from the order and attempt: a retry after a crash finds the same intent.
"""

from __future__ import annotations

import structlog

from services.payments.client import GatewayError, LocalPaymentsClient, get_gateway, intent_key
from services.payments.schemas import PaymentRead
from services.platform.errors import NotFound, Unavailable
from services.platform.uow import UnitOfWork

log = structlog.get_logger(__name__)


def open_intent(*, order_ref: str, payment: PaymentRead | None = None) -> PaymentRead:
    """The order's payment with a provider intent attached (created once per attempt)."""
    if payment is None:
        with UnitOfWork() as uow:
            payment = LocalPaymentsClient(uow.session).current(order_ref)
    if payment is None:
        raise NotFound(f"order {order_ref} has no payment", code="payment_not_found")
    if payment.intent_id is not None:
        return payment
    try:
        intent = get_gateway().create_intent(
            order_ref=order_ref,
            amount_fen=payment.amount_fen,
            currency=payment.currency,
            idempotency_key=intent_key(order_ref, payment.attempt),
            metadata={"attempt": str(payment.attempt)},
        )
    except GatewayError as exc:
        log.warning("payment_intent_failed", order_ref=order_ref, error=str(exc))
        raise Unavailable(
            "the payment provider is unavailable; retry with the same Idempotency-Key",
            code="payment_unavailable",
            details={"order_number": order_ref},
        ) from exc
    with UnitOfWork() as uow:
        attached = LocalPaymentsClient(uow.session).attach_intent(payment.id, intent)
        uow.commit()
    return attached
