"""A counter payment closes the member's open payment at WeChat Pay and becomes an attempt
of its own on the counter gateway; the provider's money, when it came first or still
comes, is never a second capture that stays (tests/wechatpay.py fakes WeChat Pay)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import stripe
from fastapi.testclient import TestClient
from sqlalchemy import select

from orders.models import Order
from services.payments.client import LocalPaymentsClient
from services.payments.models import Payment, Refund
from services.payments.stripe_gateway import StripeGateway
from services.platform.uow import UnitOfWork
from tests.shop import Shop, idem, open_shop
from tests.waiting import eventually
from tests.wechatpay import FakeWeChatPay, install


@pytest.fixture
def wxpay(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeWeChatPay]:
    from services.platform.settings import get_settings

    fake = install(FakeWeChatPay(tmp_path / "wxpay"), monkeypatch)
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield fake
    get_settings.cache_clear()


def ring_up(client: TestClient, shop: Shop) -> dict[str, Any]:
    body = {"member_id": shop.member_id, "lines": [{"sku_id": shop.sku_ids[0], "quantity": 1}]}
    response = client.post("/tablet/v1/sales", json=body, headers={**shop.guide(), **idem()})
    assert response.status_code == 201, response.text
    return dict(response.json())


def pay_at_counter(client: TestClient, shop: Shop, sale: dict[str, Any]):
    return client.post(
        f"/tablet/v1/sales/{sale['number']}/counter-payment",
        json={"amount_fen": sale["total_fen"], "method": "cash"},
        headers=shop.guide(),
    )


def notify(client: TestClient, headers: dict[str, str], body: bytes):
    return client.post("/webhooks/wechatpay", content=body, headers=headers)


def attempts(number: str) -> list[tuple[int, str, str]]:
    with UnitOfWork() as uow:
        rows = uow.session.scalars(
            select(Payment).where(Payment.order_ref == number).order_by(Payment.attempt)
        )
        return [(p.attempt, p.gateway, p.status) for p in rows]


def refunds(number: str) -> list[tuple[str, int, str, str]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            select(Payment.gateway, Refund.amount_fen, Refund.reason, Refund.status)
            .join(Payment, Payment.id == Refund.payment_id)
            .where(Payment.order_ref == number)
            .order_by(Refund.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def order_of(number: str) -> tuple[str, int]:
    with UnitOfWork() as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        return order.status, order.refunded_fen


def test_a_counter_payment_closes_the_wechat_pay_transaction(
    client: TestClient, wxpay: FakeWeChatPay
) -> None:
    shop = open_shop()
    sale = ring_up(client, shop)
    out_trade_no = f"order-{sale['number']}-attempt-1"
    assert wxpay.transactions[out_trade_no]["state"] == "NOTPAY"  # the member could pay it
    paid = pay_at_counter(client, shop, sale)
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid"
    assert wxpay.transactions[out_trade_no]["state"] == "CLOSED"
    assert attempts(sale["number"]) == [(1, "wechatpay", "canceled"), (2, "counter", "succeeded")]
    # The member's view: the counter attempt, nothing to pay with.
    mine = client.get(f"/mp/v1/orders/{sale['number']}", headers=shop.shopper()).json()
    assert mine["payment"]["gateway"] == "counter" and not mine["payment"].get("wechat_pay")
    # A refund of a counter-paid order is the store's: the counter gateway, no provider call.
    with UnitOfWork() as uow:
        LocalPaymentsClient(uow.session).request_refund(
            order_ref=sale["number"], amount_fen=100, reason="goodwill"
        )
        uow.commit()
    assert eventually(
        lambda: refunds(sale["number"]) == [("counter", 100, "goodwill", "succeeded")]
    )
    assert not [call for call in wxpay.calls if call[1].startswith("/v3/refund")]


def test_paid_at_wechat_pay_first_the_counter_payment_is_refused(
    client: TestClient, wxpay: FakeWeChatPay
) -> None:
    shop = open_shop()
    sale = ring_up(client, shop)
    out_trade_no = f"order-{sale['number']}-attempt-1"
    paid_in_wechat = wxpay.pay(out_trade_no)  # its notification is still on the way
    refused = pay_at_counter(client, shop, sale)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "provider_already_paid"
    assert attempts(sale["number"]) == [(1, "wechatpay", "requires_payment")]
    assert (
        notify(client, *wxpay.notification("TRANSACTION.SUCCESS", paid_in_wechat)).status_code
        == 200
    )
    assert order_of(sale["number"]) == ("paid", 0)
    again = pay_at_counter(client, shop, sale)
    assert again.status_code == 409 and again.json()["error"]["code"] == "order_not_payable"
    assert attempts(sale["number"]) == [(1, "wechatpay", "succeeded")]
    assert refunds(sale["number"]) == []


def test_a_wechat_pay_success_after_the_counter_payment_is_refunded(
    client: TestClient, wxpay: FakeWeChatPay
) -> None:
    shop = open_shop()
    sale = ring_up(client, shop)
    out_trade_no = f"order-{sale['number']}-attempt-1"
    assert pay_at_counter(client, shop, sale).status_code == 200
    # The member's phone held the prepay params; the money lands anyway (the fake lets it).
    late = wxpay.pay(out_trade_no)
    headers, body = wxpay.notification("TRANSACTION.SUCCESS", late)
    assert notify(client, headers, body).status_code == 200
    total = sale["total_fen"]
    assert eventually(
        lambda: [r[:3] for r in refunds(sale["number"])] == [("wechatpay", total, "paid_twice")]
    )
    refund_no = f"order-{sale['number']}-attempt-1-paid-twice"
    assert eventually(lambda: refund_no in wxpay.refunds)
    assert wxpay.refunds[refund_no]["amount"]["refund"] == total
    assert notify(client, headers, body).status_code == 200  # a repeat gives back nothing more
    done = wxpay.notification("REFUND.SUCCESS", wxpay.refund_done(refund_no))
    assert notify(client, *done).status_code == 200
    assert eventually(lambda: refunds(sale["number"])[0][3] == "succeeded")
    # The order keeps the counter's money: paid, nothing refunded of it.
    assert order_of(sale["number"]) == ("paid", 0)
    assert len(refunds(sale["number"])) == 1


# -- Stripe, through the SDK's own seam (a ``stripe.HTTPClient`` answering as the API) ------

STRIPE_SECRET = "whsec_counter_0123456789abcdef"


class StripeAnswers(stripe.HTTPClient):
    """Answers like the Stripe API from a list and remembers what it was asked."""

    name = "answers"

    def __init__(self) -> None:
        super().__init__()
        self.replies: list[tuple[int, dict[str, Any]]] = []
        self.sent: list[tuple[str, dict[str, str]]] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.sent.append((urlparse(url).path, dict(headers or {})))
        status, body = self.replies.pop(0)
        return json.dumps(body), status, {"request-id": "req_1"}

    def close(self) -> None:
        pass


def stripe_intent(intent_id: str, amount: int, status: str) -> dict[str, Any]:
    return {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if status == "succeeded" else 0,
        "currency": "cny",
        "client_secret": f"{intent_id}_secret_x",
        "status": status,
        "payment_method_types": ["card"],
        "metadata": {},
    }


@pytest.fixture
def stripe_api(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[StripeAnswers]:
    from services.platform.settings import get_settings

    answers = StripeAnswers()
    made = StripeGateway.from_settings.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        StripeGateway,
        "from_settings",
        classmethod(lambda cls, settings: made(cls, settings, http_client=answers)),
    )
    monkeypatch.setenv("O2O_PAYMENT_GATEWAYS", json.dumps({"mini_program": "stripe"}))
    monkeypatch.setenv("O2O_STRIPE_SECRET_KEY", "sk_test_counter")
    monkeypatch.setenv("O2O_STRIPE_WEBHOOK_SECRET", STRIPE_SECRET)
    monkeypatch.setenv("O2O_STRIPE_API_BASE", "http://127.0.0.1:9")
    get_settings.cache_clear()
    yield answers
    get_settings.cache_clear()


def stripe_success(client: TestClient, intent: dict[str, Any]):
    payload = json.dumps(
        {
            "id": f"evt_{secrets.token_hex(6)}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "api_version": "2024-06-20",
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": intent},
        }
    )
    stamp = int(time.time())
    mac = hmac.new(STRIPE_SECRET.encode(), f"{stamp}.{payload}".encode(), hashlib.sha256)
    return client.post(
        "/webhooks/stripe",
        content=payload.encode(),
        headers={"Stripe-Signature": f"t={stamp},v1={mac.hexdigest()}"},
    )


def stripe_sale(client: TestClient, shop: Shop, stripe_api: StripeAnswers) -> tuple[dict, str]:
    intent_id = f"pi_{secrets.token_hex(8)}"
    stripe_api.replies.append(
        (200, stripe_intent(intent_id, shop.price_fen, "requires_payment_method"))
    )
    sale = ring_up(client, shop)
    assert sale["payment"]["intent_id"] == intent_id
    return sale, intent_id


def test_stripe_a_counter_payment_cancels_the_intent_and_a_late_success_is_refunded(
    client: TestClient, stripe_api: StripeAnswers
) -> None:
    shop = open_shop()
    sale, intent_id = stripe_sale(client, shop, stripe_api)
    stripe_api.replies.append((200, stripe_intent(intent_id, shop.price_fen, "canceled")))
    assert pay_at_counter(client, shop, sale).status_code == 200
    path, headers = stripe_api.sent[-1]
    assert path == f"/v1/payment_intents/{intent_id}/cancel"
    assert headers["Idempotency-Key"] == f"order-{sale['number']}-cancel-1"
    assert attempts(sale["number"]) == [(1, "stripe", "canceled"), (2, "counter", "succeeded")]
    # The success still lands (delivered late): that money goes back through Stripe.
    refund = {"id": "re_1", "object": "refund", "amount": shop.price_fen, "status": "succeeded"}
    stripe_api.replies.append((200, refund))
    late = stripe_success(client, stripe_intent(intent_id, shop.price_fen, "succeeded"))
    assert late.status_code == 200, late.text
    assert eventually(
        lambda: refunds(sale["number"]) == [("stripe", shop.price_fen, "paid_twice", "succeeded")]
    )
    assert stripe_api.sent[-1][0] == "/v1/refunds"
    assert order_of(sale["number"]) == ("paid", 0)


def test_stripe_already_succeeded_refuses_the_counter_payment(
    client: TestClient, stripe_api: StripeAnswers
) -> None:
    shop = open_shop()
    sale, intent_id = stripe_sale(client, shop, stripe_api)
    paid = stripe_intent(intent_id, shop.price_fen, "succeeded")
    stripe_api.replies.append(
        (
            400,
            {
                "error": {
                    "type": "invalid_request_error",
                    "code": "payment_intent_unexpected_state",
                    "message": "You cannot cancel this PaymentIntent: it succeeded.",
                    "payment_intent": paid,
                }
            },
        )
    )
    refused = pay_at_counter(client, shop, sale)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "provider_already_paid"
    assert stripe_success(client, paid).status_code == 200
    assert order_of(sale["number"]) == ("paid", 0)
    assert (
        attempts(sale["number"]) == [(1, "stripe", "succeeded")] and refunds(sale["number"]) == []
    )
