"""Paying in the mini-program with WeChat Pay, through the app, the SDK and a fake WeChat Pay.

Keys are made here (tests/wechatpay.py): the merchant's key pair, the platform's key
pair and the APIv3 key. The SDK's HTTP is intercepted below it, so the production
gateway signs, verifies and decrypts for real.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from orders import expiry
from services.members.client import LocalMembersClient
from services.payments import tasks
from services.payments.client import LocalPaymentsClient
from services.payments.models import Payment, Refund, WebhookEvent
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import Shop, idem, open_shop, stock_of
from tests.waiting import eventually
from tests.wechatpay import APP_ID, FakeWeChatPay, install, new_key, rsa_verifies


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


def place(client: TestClient, shop: Shop, key: dict[str, str] | None = None) -> dict[str, Any]:
    response = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **(key or idem())}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def notify(client: TestClient, headers: dict[str, str], body: bytes):
    return client.post("/webhooks/wechatpay", content=body, headers=headers)


def read(client: TestClient, shop: Shop, number: str) -> dict[str, Any]:
    return dict(client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json())


def payment_of(number: str) -> Payment:
    with UnitOfWork() as uow:
        payment = uow.session.scalars(select(Payment).where(Payment.order_ref == number)).one()
        uow.session.expunge(payment)
        return payment


def refunds_of(number: str) -> list[tuple[int, str, str]]:
    with UnitOfWork() as uow:
        rows = uow.session.scalars(
            select(Refund).join(Payment).where(Payment.order_ref == number).order_by(Refund.id)
        )
        return [(r.amount_fen, r.idempotency_key, r.status) for r in rows]


def answered(refund_id: int) -> bool:
    """The refund task recorded the provider's answer (its last transaction committed)."""
    with UnitOfWork() as uow:
        return uow.session.get_one(Refund, refund_id).provider_refund_id is not None


def events() -> int:
    with UnitOfWork() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(WebhookEvent)) or 0)


def test_the_order_journey_paid_by_wechat_pay(client: TestClient, wxpay: FakeWeChatPay) -> None:
    shop = open_shop(units=5, price_fen=12345)
    key = idem()
    order = place(client, shop, key)
    number, payment = order["number"], order["payment"]
    out_trade_no = f"order-{number}-attempt-1"
    assert (payment["gateway"], payment["intent_id"]) == ("wechatpay", out_trade_no)
    trade = wxpay.transactions[out_trade_no]
    with UnitOfWork() as uow:
        openid = LocalMembersClient(uow.session).openid(shop.member_id)
    assert trade["request"]["payer"] == {"openid": openid}
    assert trade["request"]["amount"] == {"total": 12345, "currency": "CNY"}

    sheet = payment["wechat_pay"]  # what the mini-program passes wx.requestPayment
    assert sheet["package"] == f"prepay_id={trade['prepay_id']}" and sheet["appId"] == APP_ID
    signed = f"{APP_ID}\n{sheet['timeStamp']}\n{sheet['nonceStr']}\n{sheet['package']}\n"
    assert rsa_verifies(wxpay.merchant_key.public_key(), signed, sheet["paySign"])
    assert sheet["signType"] == "RSA"

    again = place(client, shop, key)  # the shopper's retry: the same payment, no second prepay
    assert again["payment"]["intent_id"] == out_trade_no and len(wxpay.transactions) == 1
    assert read(client, shop, number)["payment"]["wechat_pay"]["package"] == sheet["package"]

    paid = notify(client, *wxpay.notification("TRANSACTION.SUCCESS", wxpay.pay(out_trade_no)))
    assert paid.status_code == 200, paid.text
    assert paid.json() == {"code": "SUCCESS", "message": "OK", "outcome": "applied"}
    mine = read(client, shop, number)
    assert mine["status"] == "paid" and mine["payment"]["status"] == "succeeded"
    assert mine["payment"]["wechat_pay"] is None  # nothing left to pay

    for step in ("accept", "ready"):
        moved = client.post(f"/tablet/v1/orders/{number}/{step}", headers=shop.guide())
        assert moved.status_code == 200, moved.text
    code = read(client, shop, number)["pickup"]["code"]
    handed = client.post(
        f"/tablet/v1/orders/{number}/handover", json={"code": code}, headers=shop.guide()
    )
    assert handed.json()["status"] == "picked_up"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (4, 0)


def test_forged_stale_and_undecryptable_notifications_are_refused(
    client: TestClient, wxpay: FakeWeChatPay
) -> None:
    shop = open_shop()
    number = place(client, shop)["number"]
    resource = wxpay.pay(f"order-{number}-attempt-1")
    headers, body = wxpay.notification("TRANSACTION.SUCCESS", resource)
    tampered = body.replace(b'"summary": "', b'"summary": "x')
    cases = {
        "tampered body": (headers, tampered, "webhook_signature_invalid"),
        "wrong platform key": (
            *wxpay.notification("TRANSACTION.SUCCESS", resource, signing_key=new_key()),
            "webhook_signature_invalid",
        ),
        "wrong APIv3 key": (
            *wxpay.notification("TRANSACTION.SUCCESS", resource, api_v3_key="0" * 32),
            "webhook_signature_invalid",
        ),
        "unknown key id": (
            *wxpay.notification("TRANSACTION.SUCCESS", resource, serial="PUB_KEY_ID_OTHER"),
            "webhook_signature_invalid",
        ),
        "stale": (
            *wxpay.notification("TRANSACTION.SUCCESS", resource, at=int(time.time()) - 600),
            "webhook_stale",
        ),
    }
    for name, (sent_headers, sent_body, code) in cases.items():
        response = notify(client, sent_headers, sent_body)
        assert response.status_code == 401, name
        answer = response.json()
        assert answer["code"] == "FAIL" and answer["error"]["code"] == code, name
    assert read(client, shop, number)["status"] == "pending_payment" and events() == 0
    assert notify(client, headers, body).json()["outcome"] == "applied"  # the genuine one


def test_a_repeated_notification_is_taken_once(client: TestClient, wxpay: FakeWeChatPay) -> None:
    shop = open_shop()
    number = place(client, shop)["number"]
    resource = wxpay.pay(f"order-{number}-attempt-1")
    first = wxpay.notification("TRANSACTION.SUCCESS", resource, notification_id="EV-dup")
    assert notify(client, *first).json()["outcome"] == "applied"
    retried = wxpay.notification("TRANSACTION.SUCCESS", resource, notification_id="EV-dup")
    answer = notify(client, *retried)
    assert answer.status_code == 200 and answer.json()["code"] == "SUCCESS"
    assert answer.json()["outcome"] == "duplicate"
    assert events() == 1 and read(client, shop, number)["status"] == "paid"


def test_amount_or_currency_mismatch_does_not_pay(client: TestClient, wxpay: FakeWeChatPay) -> None:
    shop = open_shop()
    number = place(client, shop)["number"]
    out_trade_no = f"order-{number}-attempt-1"
    short = wxpay.notification("TRANSACTION.SUCCESS", wxpay.pay(out_trade_no, total=1))
    answer = notify(client, *short)
    assert answer.status_code == 200 and answer.json()["outcome"] == "amount_mismatch"
    usd = wxpay.pay(out_trade_no)
    usd["amount"]["currency"] = "USD"
    assert notify(client, *wxpay.notification("TRANSACTION.SUCCESS", usd)).json()["outcome"] == (
        "amount_mismatch"
    )
    assert read(client, shop, number)["status"] == "pending_payment"
    assert payment_of(number).status == "amount_mismatch"


def test_the_lapsed_hold_closes_the_unpaid_transaction(
    client: TestClient, wxpay: FakeWeChatPay
) -> None:
    shop = open_shop()
    number = place(client, shop)["number"]
    with UnitOfWork() as uow:
        assert expiry.expire_unpaid(session=uow.session, now=utcnow() + timedelta(hours=1)) == 1
        uow.commit()
    assert eventually(lambda: payment_of(number).status == "canceled")
    assert wxpay.transactions[f"order-{number}-attempt-1"]["state"] == "CLOSED"
    assert read(client, shop, number)["status"] == "expired"


def test_paid_just_before_the_close_is_a_late_success_that_re_reserves(
    client: TestClient, wxpay: FakeWeChatPay
) -> None:
    shop = open_shop(units=2)
    number = place(client, shop)["number"]
    out_trade_no = f"order-{number}-attempt-1"
    resource = wxpay.pay(out_trade_no)  # the shopper paid; the notification is slower
    with UnitOfWork() as uow:
        expiry.expire_unpaid(session=uow.session, now=utcnow() + timedelta(hours=1))
        uow.commit()
    assert eventually(lambda: any(path.endswith("/close") for _, path, _ in wxpay.calls))
    assert wxpay.transactions[out_trade_no]["state"] == "SUCCESS"  # the close was refused
    assert read(client, shop, number)["status"] == "expired"
    late = notify(client, *wxpay.notification("TRANSACTION.SUCCESS", resource))
    assert late.json()["outcome"] == "applied"
    assert read(client, shop, number)["status"] == "paid"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 1)


def _paid(client: TestClient, wxpay: FakeWeChatPay, shop: Shop) -> str:
    number = str(place(client, shop)["number"])
    resource = wxpay.pay(f"order-{number}-attempt-1")
    assert notify(client, *wxpay.notification("TRANSACTION.SUCCESS", resource)).status_code == 200
    return number


def test_partial_then_full_refund_settle_on_the_refund_notification(
    client: TestClient, wxpay: FakeWeChatPay
) -> None:
    shop = open_shop(units=5, price_fen=5000)
    number = _paid(client, wxpay, shop)
    manager = factories.new_manager_headers((shop.region_id,))
    url = f"/manager/v1/orders/{number}/refunds"
    first = client.post(
        url, json={"amount_fen": 1500, "reason": "box"}, headers={**manager, **idem()}
    )
    assert first.status_code == 201, first.text
    first_key = f"order-{number}-refund-1"
    assert eventually(lambda: first_key in wxpay.refunds)
    assert wxpay.refunds[first_key]["amount"] == {
        "refund": 1500, "total": 5000, "currency": "CNY", "payer_total": 5000, "payer_refund": 1500
    }  # fmt: skip
    assert refunds_of(number) == [(1500, first_key, "pending")]  # WeChat Pay: PROCESSING
    done = notify(client, *wxpay.notification("REFUND.SUCCESS", wxpay.refund_done(first_key)))
    assert done.status_code == 200 and done.json()["outcome"] == "applied"
    assert refunds_of(number) == [(1500, first_key, "succeeded")]
    assert payment_of(number).refunded_fen == 1500
    assert read(client, shop, number)["status"] == "paid"

    rest = client.post(
        url, json={"amount_fen": 3500, "reason": "all"}, headers={**manager, **idem()}
    )
    assert rest.json()["status"] == "refunded"
    rest_key = f"order-{number}-refund-2"
    assert eventually(lambda: rest_key in wxpay.refunds)
    notify(client, *wxpay.notification("REFUND.SUCCESS", wxpay.refund_done(rest_key)))
    assert payment_of(number).refunded_fen == 5000
    assert [status for *_, status in refunds_of(number)] == ["succeeded", "succeeded"]


def test_a_refund_notification_before_the_refund_call_returns_counts_once(
    client: TestClient, wxpay: FakeWeChatPay
) -> None:
    shop = open_shop(price_fen=8000)
    number = _paid(client, wxpay, shop)
    key = f"order-{number}-refund-1"
    delivered: list[Any] = []

    def wechat_pay_notifies_first(out_refund_no: str) -> None:
        # WeChat Pay finishes and notifies while our refund call is still waiting for its answer.
        resource = wxpay.refund_done(out_refund_no)
        delivered.append(notify(client, *wxpay.notification("REFUND.SUCCESS", resource)))

    wxpay.during_refund = wechat_pay_notifies_first
    with UnitOfWork() as uow:  # the refund task runs once this commits
        refund_id = LocalPaymentsClient(uow.session).request_refund(
            order_ref=number, amount_fen=3000, reason="goodwill"
        )
        uow.commit()
    assert eventually(lambda: len(delivered) == 1)
    assert eventually(lambda: refunds_of(number) == [(3000, key, "succeeded")])
    assert eventually(lambda: answered(refund_id))  # the task's own transaction is done too
    assert [answer.json()["outcome"] for answer in delivered] == ["applied"]
    assert payment_of(number).refunded_fen == 3000  # the call's SUCCESS answer added nothing
    assert refunds_of(number) == [(3000, key, "succeeded")]
    wxpay.during_refund = None
    tasks.execute_refund.apply(  # a redelivery of the task changes nothing either
        args=(10_001, "payments.refund_requested", {"refund_id": refund_id})
    )
    repeated = notify(client, *wxpay.notification("REFUND.SUCCESS", wxpay.refund_done(key)))
    assert repeated.json()["outcome"] == "applied"  # a new notification id; the money still once
    assert payment_of(number).refunded_fen == 3000
    assert refunds_of(number) == [(3000, key, "succeeded")]


def test_an_abnormal_refund_is_marked_failed(client: TestClient, wxpay: FakeWeChatPay) -> None:
    shop = open_shop(price_fen=8000)
    number = _paid(client, wxpay, shop)
    manager = factories.new_manager_headers((shop.region_id,))
    client.post(
        f"/manager/v1/orders/{number}/refunds",
        json={"amount_fen": 800, "reason": "late"},
        headers={**manager, **idem()},
    )
    key = f"order-{number}-refund-1"
    assert eventually(lambda: key in wxpay.refunds)
    abnormal = wxpay.refund_done(key, status="ABNORMAL")
    answer = notify(client, *wxpay.notification("REFUND.ABNORMAL", abnormal))
    assert answer.status_code == 200 and answer.json()["code"] == "SUCCESS"
    assert refunds_of(number) == [(800, key, "failed")]
    assert payment_of(number).refunded_fen == 0
