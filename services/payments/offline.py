"""The offline gateway of the embedded default: no money moves; dev and test only."""

from __future__ import annotations

from services.payments.gateway import Intent, RefundResult
from services.platform.errors import Forbidden
from services.platform.settings import Settings


class OfflineGateway:
    """Deterministic fake intents; payment is simulated through the webhook path."""

    name = "offline"
    in_process = True  # no network: called straight from the event loop

    def __init__(self, settings: Settings) -> None:
        if not settings.is_dev:
            raise Forbidden(
                "the offline payment gateway is for development only", code="offline_gateway"
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
        return Intent(
            id=f"pi_offline_{idempotency_key}",
            client_secret=f"pi_offline_{idempotency_key}_secret",
            status="requires_payment_method",
            amount_fen=amount_fen,
            currency=currency,
        )

    def client_params(self, *, client_secret: str) -> dict[str, str] | None:
        return None  # the client secret is all the client needs

    def cancel_intent(self, *, intent_id: str, idempotency_key: str) -> Intent:
        return Intent(intent_id, None, "canceled", 0, "CNY")

    def refund(
        self,
        *,
        intent_id: str,
        amount_fen: int,
        idempotency_key: str,
        paid_fen: int | None = None,
    ) -> RefundResult:
        return RefundResult(
            id=f"re_offline_{idempotency_key}", status="succeeded", amount_fen=amount_fen
        )
