"""The WeChat Pay gateway on the SDK, its HTTP intercepted by a fake WeChat Pay (tests/wechatpay).

Both ways WeChat Pay proves itself are run: its public key (with its id) and a
platform certificate in a folder.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from server.manifests import Settings
from services.payments.gateway import GatewayError, IntentPaid, intent_key
from services.payments.wechatpay_gateway import WeChatPayGateway, trade_number
from services.payments.wechatpay_webhooks import check_fresh, payment_object, verify
from services.platform.errors import Unauthorized
from tests.wechatpay import APP_ID, FakeWeChatPay, install, new_key, rsa_verifies


@pytest.fixture(params=["public_key", "certificate"])
def fake(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> FakeWeChatPay:
    return install(FakeWeChatPay(tmp_path / "wxpay", mode=request.param), monkeypatch)


def gateway_for(fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch) -> WeChatPayGateway:
    for name in list(os.environ):
        if name.startswith("O2O_"):
            monkeypatch.delenv(name)
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)
    return WeChatPayGateway.from_settings(Settings(_env_file=None))


def prepay(gateway: WeChatPayGateway, order_ref: str = "OAbc123def456", attempt: int = 1):
    return gateway.create_intent(
        order_ref=order_ref,
        amount_fen=12345,
        currency="CNY",
        idempotency_key=intent_key(order_ref, attempt),
        metadata={},
        payer_openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    )


def test_prepay_is_signed_by_the_merchant_and_a_retry_is_the_same_payment(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = gateway_for(fake, monkeypatch)
    intent = prepay(gateway)
    assert intent.id == "order-OAbc123def456-attempt-1"  # the out_trade_no
    assert intent.client_secret == fake.transactions[intent.id]["prepay_id"]
    sent = fake.transactions[intent.id]["request"]
    assert sent["amount"] == {"total": 12345, "currency": "CNY"}
    assert sent["payer"] == {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}
    assert (sent["appid"], sent["mchid"]) == (APP_ID, "1900000109")
    again = prepay(gateway)  # a retry after a crash: the same number, the same prepay id
    assert again == intent and len(fake.transactions) == 1
    assert fake.refused_signatures == 0
    assert prepay(gateway, attempt=2).id != intent.id  # a new attempt is a new payment


def test_wx_request_payment_params_verify_with_the_merchant_public_key(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = gateway_for(fake, monkeypatch)
    prepay_id = prepay(gateway).client_secret
    assert prepay_id
    params = gateway.client_params(client_secret=prepay_id, now=1764403200)
    assert params["appId"] == APP_ID and params["timeStamp"] == "1764403200"
    assert params["package"] == f"prepay_id={prepay_id}" and params["signType"] == "RSA"
    message = f"{APP_ID}\n1764403200\n{params['nonceStr']}\n{params['package']}\n"
    assert rsa_verifies(fake.merchant_key.public_key(), message, params["paySign"])
    assert not rsa_verifies(new_key().public_key(), message, params["paySign"])
    other = gateway.client_params(client_secret=prepay_id, now=1764403200)
    assert other["nonceStr"] != params["nonceStr"]  # a fresh nonce every time


def test_an_answer_not_signed_by_wechat_pay_is_an_error(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = gateway_for(fake, monkeypatch)
    fake.platform_key = new_key()  # a man in the middle signs the answer
    with pytest.raises(GatewayError, match="unverified"):
        prepay(gateway)


def test_prepay_needs_the_payer_and_a_valid_trade_number(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = gateway_for(fake, monkeypatch)
    with pytest.raises(GatewayError, match="openid"):
        gateway.create_intent(
            order_ref="O1", amount_fen=1, currency="CNY", idempotency_key="order-O1-attempt-1",
            metadata={},
        )  # fmt: skip
    with pytest.raises(GatewayError):
        trade_number("order-" + "x" * 40)
    assert fake.calls == []


def test_close_and_refunds(fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch) -> None:
    gateway = gateway_for(fake, monkeypatch)
    unpaid = prepay(gateway, "OUnpaid000001")
    assert gateway.cancel_intent(intent_id=unpaid.id, idempotency_key="k").status == "canceled"
    assert fake.transactions[unpaid.id]["state"] == "CLOSED"
    gateway.cancel_intent(intent_id=unpaid.id, idempotency_key="k")  # closing again is fine
    paid = prepay(gateway, "OPaid00000001")
    fake.pay(paid.id)
    with pytest.raises(IntentPaid):  # the counter payment is refused on this
        gateway.cancel_intent(intent_id=paid.id, idempotency_key="k")
    part = gateway.refund(
        intent_id=paid.id, amount_fen=345, idempotency_key="order-OPaid00000001-refund-1",
        paid_fen=12345,
    )  # fmt: skip
    assert part.status == "processing" and part.id
    assert fake.refunds["order-OPaid00000001-refund-1"]["amount"]["refund"] == 345
    again = gateway.refund(
        intent_id=paid.id, amount_fen=345, idempotency_key="order-OPaid00000001-refund-1",
        paid_fen=12345,
    )  # fmt: skip
    assert again.id == part.id and len(fake.refunds) == 1  # out_refund_no: one refund
    with pytest.raises(GatewayError, match="NOT_ENOUGH"):
        gateway.refund(
            intent_id=paid.id, amount_fen=12001, idempotency_key="order-OPaid00000001-refund-2",
            paid_fen=12345,
        )  # fmt: skip
    rest = gateway.refund(
        intent_id=paid.id, amount_fen=12000, idempotency_key="order-OPaid00000001-refund-3",
        paid_fen=12345,
    )  # fmt: skip
    assert rest.status == "processing"


def test_notifications_verify_decrypt_and_refuse_the_rest(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = gateway_for(fake, monkeypatch)
    intent = prepay(gateway)
    resource = fake.pay(intent.id)
    headers, body = fake.notification("TRANSACTION.SUCCESS", resource, notification_id="EV-1")
    lowered = {k.lower(): v for k, v in headers.items()}
    opened = verify(gateway, lowered, body)
    assert opened["id"] == "EV-1" and opened["resource"] == resource
    obj = payment_object(opened["resource"])
    assert (obj["id"], obj["amount_received"], obj["currency"]) == (intent.id, 12345, "CNY")

    def refused(headers: dict[str, str], body: bytes) -> str:
        with pytest.raises(Unauthorized) as caught:
            verify(gateway, {k.lower(): v for k, v in headers.items()}, body)
        return caught.value.code

    tampered = body.replace(b'"TRANSACTION.SUCCESS"', b'"REFUND.SUCCESS"')
    assert refused(headers, tampered) == "webhook_signature_invalid"
    wrong_key = fake.notification("TRANSACTION.SUCCESS", resource, signing_key=new_key())
    assert refused(*wrong_key) == "webhook_signature_invalid"
    wrong_api_key = fake.notification("TRANSACTION.SUCCESS", resource, api_v3_key="k" * 32)
    assert refused(*wrong_api_key) == "webhook_signature_invalid"  # cannot decrypt
    stranger = fake.notification("TRANSACTION.SUCCESS", resource, serial="NOT-HEX-SERIAL")
    assert refused(*stranger) == "webhook_signature_invalid"
    stale = fake.notification("TRANSACTION.SUCCESS", resource, at=int(time.time()) - 301)
    assert refused(*stale) == "webhook_stale"
    future = fake.notification("TRANSACTION.SUCCESS", resource, at=int(time.time()) + 301)
    assert refused(*future) == "webhook_future_dated"
    assert refused({k: v for k, v in headers.items() if k != "Wechatpay-Signature"}, body)
    assert json.loads(body)["resource"]["algorithm"] == "AEAD_AES_256_GCM"


def test_freshness_window_is_five_minutes() -> None:
    check_fresh({"wechatpay-timestamp": "1000"}, now=1300)
    check_fresh({"wechatpay-timestamp": "1300"}, now=1000)
    for stamp, now in (("1000", 1301), ("1301", 1000), ("", 1000), ("-5", 1000)):
        with pytest.raises(Unauthorized):
            check_fresh({"wechatpay-timestamp": stamp}, now=now)


def test_an_unconfigured_gateway_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("O2O_"):
            monkeypatch.delenv(name)
    with pytest.raises(GatewayError, match="not configured"):
        WeChatPayGateway.from_settings(Settings(_env_file=None))
