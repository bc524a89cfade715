"""The payment gateway interface and the configured gateway."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.payments.settings import GatewayName
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


class IntentPaid(GatewayError):
    """Closing refused: the provider already took the money for this intent."""


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
        payer_openid: str | None = None,
    ) -> Intent: ...

    def cancel_intent(self, *, intent_id: str, idempotency_key: str) -> Intent: ...

    def client_params(self, *, client_secret: str) -> dict[str, str] | None:
        """What the shopper's client hands its payment sheet, if signed here (WeChat Pay)."""
        ...

    def refund(
        self,
        *,
        intent_id: str,
        amount_fen: int,
        idempotency_key: str,
        paid_fen: int | None = None,
    ) -> RefundResult: ...


def intent_key(order_ref: str, attempt: int) -> str:
    """The provider idempotency key of an order's payment attempt: a retry reuses the intent."""
    return f"order-{order_ref}-attempt-{attempt}"


def cancel_key(order_ref: str, attempt: int) -> str:
    """The provider idempotency key of closing an attempt (hold expiry and counter payment)."""
    return f"order-{order_ref}-cancel-{attempt}"


#: Money taken at the store counter, recorded by staff (``counter.CounterGateway``).
COUNTER = "counter"
#: Gateways that need the shopper's WeChat openid to open a payment (JSAPI).
NEEDS_PAYER = frozenset({"wechatpay"})
_wechatpay: tuple[Settings, PaymentGateway] | None = None


def get_gateway(settings: Settings | None = None, *, name: str | None = None) -> PaymentGateway:
    """The gateway called ``name`` (default: the settings' default); offline refuses production.

    A payment is always served by the gateway that opened it (``payments.gateway``).
    """
    global _wechatpay
    settings = settings or get_settings()
    chosen: GatewayName | str = name or settings.payment_gateway
    if chosen == "stripe":
        from services.payments.stripe_gateway import StripeGateway

        return StripeGateway.from_settings(settings)
    if chosen == "wechatpay":
        # Built once per settings: it parses keys (and may fetch platform certificates).
        if _wechatpay is None or _wechatpay[0] is not settings:
            from services.payments.wechatpay_gateway import WeChatPayGateway

            _wechatpay = (settings, WeChatPayGateway.from_settings(settings))
        return _wechatpay[1]
    if chosen == COUNTER:
        from services.payments.counter import CounterGateway

        return CounterGateway()
    from services.payments.offline import OfflineGateway

    return OfflineGateway(settings)
