"""The Stripe gateway through the official SDK, against a recording ``stripe.HTTPClient``."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import stripe
from pydantic import SecretStr

from server.manifests import Settings
from services.payments.gateway import GatewayError, IntentPaid, intent_key
from services.payments.stripe_gateway import StripeGateway


def _intent(amount: int, status: str = "requires_payment_method") -> dict[str, Any]:
    return {
        "id": "pi_3Pabc",
        "object": "payment_intent",
        "amount": amount,
        "amount_received": 0,
        "currency": "cny",
        "client_secret": "pi_3Pabc_secret_xyz",
        "status": status,
        "payment_method_types": ["card", "alipay", "wechat_pay"],
        "metadata": {"order_ref": "O1"},
        "livemode": False,
        "created": 1732280000,
    }


class RecordingClient(stripe.HTTPClient):
    """Answers like the Stripe API and remembers every request it was asked to send."""

    name = "recording"

    def __init__(self, replies: list[tuple[int, dict[str, Any]]]) -> None:
        super().__init__()
        self.replies = replies
        self.sent: list[dict[str, Any]] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.sent.append(
            {
                "method": method,
                "path": urlparse(url).path,
                "url": url,
                "headers": dict(headers or {}),
                "params": {k: v[0] for k, v in parse_qs(post_data or "").items()},
            }
        )
        status, body = self.replies.pop(0)
        return json.dumps(body), status, {"request-id": "req_1"}

    def close(self) -> None:
        pass


def _gateway(replies: list[tuple[int, dict[str, Any]]]) -> tuple[StripeGateway, RecordingClient]:
    http = RecordingClient(replies)
    settings = Settings(
        stripe_secret_key=SecretStr("sk_test_123"),
        stripe_payment_method_types=["card", "alipay", "wechat_pay"],
        stripe_api_base="http://127.0.0.1:9",
        payment_gateway="stripe",
    )
    return StripeGateway.from_settings(settings, http_client=http), http


def test_payment_intent_in_cny_fen_with_an_order_derived_idempotency_key() -> None:
    gateway, http = _gateway([(200, _intent(24690))])
    intent = gateway.create_intent(
        order_ref="O1",
        amount_fen=24690,
        currency="CNY",
        idempotency_key=intent_key("O1", 1),
        metadata={"attempt": "1"},
    )
    assert (intent.id, intent.client_secret, intent.amount_fen) == (
        "pi_3Pabc",
        "pi_3Pabc_secret_xyz",
        24690,
    )
    [sent] = http.sent
    assert sent["method"] == "post" and sent["path"] == "/v1/payment_intents"
    assert sent["url"].startswith("http://127.0.0.1:9/")
    assert sent["headers"]["Idempotency-Key"] == "order-O1-attempt-1"
    assert sent["headers"]["Authorization"] == "Bearer sk_test_123"
    params = sent["params"]
    assert params["amount"] == "24690" and params["currency"] == "cny"
    assert [params[f"payment_method_types[{i}]"] for i in range(3)] == [
        "card",
        "alipay",
        "wechat_pay",
    ]
    assert params["metadata[order_ref]"] == "O1"
    assert params["payment_method_options[wechat_pay][client]"] == "web"


def test_cancel_and_full_and_partial_refunds_carry_idempotency_keys() -> None:
    refund = {
        "id": "re_1",
        "object": "refund",
        "amount": 500,
        "currency": "cny",
        "payment_intent": "pi_3Pabc",
        "status": "succeeded",
    }
    gateway, http = _gateway(
        [
            (200, _intent(24690, "canceled")),
            (200, refund),
            (200, {**refund, "id": "re_2", "amount": 24190}),
        ]
    )
    assert gateway.cancel_intent(
        intent_id="pi_3Pabc", idempotency_key="order-O1-cancel-1"
    ).status == ("canceled")
    partial = gateway.refund(
        intent_id="pi_3Pabc", amount_fen=500, idempotency_key="order-O1-refund-1"
    )
    rest = gateway.refund(
        intent_id="pi_3Pabc", amount_fen=24190, idempotency_key="order-O1-refund-2"
    )
    assert (partial.id, partial.amount_fen, rest.amount_fen) == ("re_1", 500, 24190)
    cancel, first, second = http.sent
    assert cancel["path"] == "/v1/payment_intents/pi_3Pabc/cancel"
    assert cancel["headers"]["Idempotency-Key"] == "order-O1-cancel-1"
    assert first["path"] == second["path"] == "/v1/refunds"
    assert first["params"] == {"payment_intent": "pi_3Pabc", "amount": "500"}
    assert [first["headers"]["Idempotency-Key"], second["headers"]["Idempotency-Key"]] == [
        "order-O1-refund-1",
        "order-O1-refund-2",
    ]


def test_a_provider_error_becomes_a_gateway_error() -> None:
    error = {"error": {"type": "invalid_request_error", "message": "No such payment_intent"}}
    gateway, _ = _gateway([(404, error)])
    with pytest.raises(GatewayError, match="No such payment_intent"):
        gateway.refund(intent_id="pi_missing", amount_fen=100, idempotency_key="k")


def test_offline_gateway_is_refused_in_production() -> None:
    from services.payments.offline import OfflineGateway
    from services.platform.errors import Forbidden

    with pytest.raises(Forbidden):
        OfflineGateway(Settings.model_construct(environment="production"))
    with pytest.raises(ValueError, match="offline payment gateway"):
        Settings(environment="production", payment_gateway="offline")


def _unexpected_state(status: str) -> tuple[int, dict[str, Any]]:
    return 400, {
        "error": {
            "type": "invalid_request_error",
            "code": "payment_intent_unexpected_state",
            "message": f"You cannot cancel this PaymentIntent because it has a status of {status}.",
            "payment_intent": _intent(24690, status),
        }
    }


def test_cancelling_a_succeeded_intent_says_it_is_paid_and_a_cancelled_one_is_fine() -> None:
    gateway, _http = _gateway(
        [_unexpected_state("succeeded"), _unexpected_state("canceled"), (402, {"error": {}})]
    )
    with pytest.raises(IntentPaid):
        gateway.cancel_intent(intent_id="pi_3Pabc", idempotency_key="order-O1-cancel-1")
    closed = gateway.cancel_intent(intent_id="pi_3Pabc", idempotency_key="order-O1-cancel-1")
    assert closed.status == "canceled"
    with pytest.raises(GatewayError) as other:
        gateway.cancel_intent(intent_id="pi_3Pabc", idempotency_key="order-O1-cancel-1")
    assert not isinstance(other.value, IntentPaid)
