"""Stripe gateway on the official SDK's ``StripeClient`` (PaymentIntents in CNY fen)."""

from __future__ import annotations

from typing import Any

import stripe

from services.payments.gateway import GatewayError, Intent, IntentPaid, RefundResult
from services.platform.settings import Settings


class StripeGateway:
    """Every call carries an idempotency key so a retry never creates a second charge."""

    name = "stripe"
    in_process = False

    def __init__(
        self,
        client: stripe.StripeClient,
        *,
        payment_method_types: list[str],
    ) -> None:
        self._client = client
        self._payment_method_types = payment_method_types

    @classmethod
    def from_settings(
        cls, settings: Settings, *, http_client: stripe.HTTPClient | None = None
    ) -> StripeGateway:
        key = settings.stripe_secret_key.get_secret_value()
        if not key:
            raise GatewayError("O2O_STRIPE_SECRET_KEY is not set")
        options: dict[str, Any] = {"max_network_retries": 2}
        if settings.stripe_api_base:
            options["base_addresses"] = {"api": settings.stripe_api_base}
        if http_client is not None:
            options["http_client"] = http_client
        return cls(
            stripe.StripeClient(key, **options),
            payment_method_types=list(settings.stripe_payment_method_types),
        )

    def create_intent(
        self,
        *,
        order_ref: str,
        amount_fen: int,
        currency: str,
        idempotency_key: str,
        metadata: dict[str, str],
        payer_openid: str | None = None,
    ) -> Intent:
        params: dict[str, Any] = {
            "amount": amount_fen,
            "currency": currency.lower(),
            "payment_method_types": self._payment_method_types,
            "metadata": {"order_ref": order_ref, **metadata},
        }
        if "wechat_pay" in self._payment_method_types:
            # WeChat Pay needs to know which client will show the QR or open the app.
            params["payment_method_options"] = {"wechat_pay": {"client": "web"}}
        try:
            intent = self._client.v1.payment_intents.create(
                params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise GatewayError(str(exc)) from exc
        return _intent(intent)

    def client_params(self, *, client_secret: str) -> dict[str, str] | None:
        return None  # the client secret is all the client needs

    def cancel_intent(self, *, intent_id: str, idempotency_key: str) -> Intent:
        try:
            intent = self._client.v1.payment_intents.cancel(
                intent_id, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as exc:
            state = _unexpected_state(exc)
            if state == "succeeded":
                raise IntentPaid(f"Stripe: {intent_id} already succeeded") from exc
            if state == "canceled":  # cancelled before: closing again is fine
                return Intent(intent_id, None, "canceled", 0, "CNY")
            raise GatewayError(str(exc)) from exc
        return _intent(intent)

    def refund(
        self,
        *,
        intent_id: str,
        amount_fen: int,
        idempotency_key: str,
        paid_fen: int | None = None,
    ) -> RefundResult:
        try:
            refund = self._client.v1.refunds.create(
                {"payment_intent": intent_id, "amount": amount_fen},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise GatewayError(str(exc)) from exc
        return RefundResult(id=refund.id, status=str(refund.status), amount_fen=refund.amount)


def _unexpected_state(exc: stripe.StripeError) -> str | None:
    """The intent's status when Stripe refused to move it (``payment_intent_unexpected_state``)."""
    if exc.code != "payment_intent_unexpected_state" or not isinstance(exc.json_body, dict):
        return None
    error = exc.json_body.get("error")
    intent = error.get("payment_intent") if isinstance(error, dict) else None
    status = intent.get("status") if isinstance(intent, dict) else None
    return status if isinstance(status, str) else None


def _intent(intent: stripe.PaymentIntent) -> Intent:
    return Intent(
        id=intent.id,
        client_secret=intent.client_secret,
        status=intent.status,
        amount_fen=intent.amount,
        currency=intent.currency.upper(),
    )
