"""Public interface of the payments service."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from services.payments import intake, service
from services.payments.events import PaymentEvent, on_payment_event
from services.payments.gateway import GatewayError, Intent, PaymentGateway, get_gateway, intent_key
from services.payments.schemas import PaymentRead
from services.platform.settings import get_settings

#: ``intake``: the async payment steps of a sale (event loop; see its docstring).
__all__ = [
    "GatewayError",
    "Intent",
    "LocalPaymentsClient",
    "PaymentEvent",
    "PaymentGateway",
    "PaymentsClient",
    "get_gateway",
    "intake",
    "intent_key",
    "on_payment_event",
]


class PaymentsClient(Protocol):
    def start(
        self, *, order_ref: str, amount_fen: int, currency: str, attempt: int | None = None
    ) -> PaymentRead: ...

    def current(self, order_ref: str) -> PaymentRead | None: ...

    def attach_intent(self, payment_id: int, intent: Intent) -> PaymentRead: ...

    def request_refund(self, *, order_ref: str, amount_fen: int, reason: str) -> int: ...

    def request_cancel(self, order_ref: str) -> bool: ...


class LocalPaymentsClient:
    """In-process adapter working in the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def start(
        self, *, order_ref: str, amount_fen: int, currency: str, attempt: int | None = None
    ) -> PaymentRead:
        return service.start(
            session=self._session,
            order_ref=order_ref,
            amount_fen=amount_fen,
            currency=currency,
            attempt=attempt,
            gateway=get_settings().payment_gateway,
        )

    def current(self, order_ref: str) -> PaymentRead | None:
        return service.current(session=self._session, order_ref=order_ref)

    def attach_intent(self, payment_id: int, intent: Intent) -> PaymentRead:
        return service.attach_intent(session=self._session, payment_id=payment_id, intent=intent)

    def request_refund(self, *, order_ref: str, amount_fen: int, reason: str) -> int:
        return service.request_refund(
            session=self._session, order_ref=order_ref, amount_fen=amount_fen, reason=reason
        )

    def request_cancel(self, order_ref: str) -> bool:
        return service.request_cancel(session=self._session, order_ref=order_ref)
