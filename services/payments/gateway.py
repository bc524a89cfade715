"""The payment gateway interface and the configured gateway."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.platform.settings import Settings, get_settings


@dataclass(frozen=True)
class Intent:
    """A provider-side request to collect money (a Stripe PaymentIntent)."""

    id: str
    client_secret: str | None
    status: str
    amount_fen: int
    currency: str


@dataclass(frozen=True)
class RefundResult:
    id: str
    status: str
    amount_fen: int


class GatewayError(Exception):
    """The provider refused or could not be reached; the message says why."""


class PaymentGateway(Protocol):
    name: str
    #: No network call (offline): intents are created inside the transaction, on the loop.
    in_process: bool

    def create_intent(
        self,
        *,
        order_ref: str,
        amount_fen: int,
        currency: str,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> Intent: ...

    def cancel_intent(self, *, intent_id: str, idempotency_key: str) -> Intent: ...

    def refund(self, *, intent_id: str, amount_fen: int, idempotency_key: str) -> RefundResult: ...


def intent_key(order_ref: str, attempt: int) -> str:
    """The provider idempotency key of an order's payment attempt: a retry reuses the intent."""
    return f"order-{order_ref}-attempt-{attempt}"


def get_gateway(settings: Settings | None = None) -> PaymentGateway:
    """The gateway the settings name (the offline one refuses to run in production)."""
    settings = settings or get_settings()
    if settings.payment_gateway == "stripe":
        from services.payments.stripe_gateway import StripeGateway

        return StripeGateway.from_settings(settings)
    from services.payments.offline import OfflineGateway

    return OfflineGateway(settings)
