"""The counter gateway: money a guide took at the store counter (cash, card terminal, POS QR).

No provider holds this money: an intent is only our record of the attempt, a refund is
the store handing the money back, recorded here (no call goes anywhere). Unlike the
offline gateway it serves production: a counter payment is real money.
"""

from __future__ import annotations

from services.payments.gateway import COUNTER, Intent, RefundResult


class CounterGateway:
    """Attempts recorded by staff; every call answers at once."""

    name = COUNTER
    in_process = True  # no network: the attempt is written in the caller's transaction

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
        # From the attempt's key: two guides recording the same attempt name the same intent.
        return Intent(f"counter_{idempotency_key}", None, "requires_payment", amount_fen, currency)

    def client_params(self, *, client_secret: str) -> dict[str, str] | None:
        return None  # nothing for the shopper's phone to pay

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
            id=f"re_counter_{idempotency_key}", status="succeeded", amount_fen=amount_fen
        )
