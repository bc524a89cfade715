"""Public interface of the payments service."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.payments import at_the_counter, intake, refunds, service, success
from services.payments.decisions import check_refund, refundable
from services.payments.events import PaymentEvent, on_payment_event
from services.payments.gateway import GatewayError, Intent, PaymentGateway, get_gateway, intent_key
from services.payments.intake import needs_payer
from services.payments.schemas import PaymentRead
from services.payments.service import client_params

#: The async payment steps of a sale (event loop): ``intake`` (an attempt and its intent),
#: ``success`` (the usual success and its full path), ``at_the_counter`` (money taken there).
__all__ = [
    "GatewayError",
    "Intent",
    "LocalPaymentsClient",
    "PaymentEvent",
    "PaymentGateway",
    "at_the_counter",
    "check_refund",
    "client_params",
    "get_gateway",
    "intake",
    "intent_key",
    "needs_payer",
    "on_payment_event",
    "refundable",
    "success",
]


class LocalPaymentsClient:
    """In-process adapter working in the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def current(self, order_ref: str) -> PaymentRead | None:
        return service.current(session=self._session, order_ref=order_ref)

    def request_refund(self, *, order_ref: str, amount_fen: int, reason: str) -> int:
        return refunds.request_refund(
            session=self._session, order_ref=order_ref, amount_fen=amount_fen, reason=reason
        )

    def refund_second_capture(self, *, order_ref: str, payment_id: int) -> bool:
        return refunds.refund_second_capture(
            session=self._session, order_ref=order_ref, payment_id=payment_id
        )

    def request_cancel(self, order_ref: str) -> bool:
        return service.request_cancel(session=self._session, order_ref=order_ref)
