"""POST /webhooks/stripe with real signatures (t=..., v1=HMAC-SHA256 of "t.payload")."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.payments.models import Payment, WebhookEvent
from services.platform.uow import UnitOfWork
from tests.shop import Shop, idem, open_shop, stock_of

SECRET = "whsec_test_0123456789abcdef"


@pytest.fixture
def hooks(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from services.platform.settings import get_settings

    monkeypatch.setenv("O2O_STRIPE_WEBHOOK_SECRET", SECRET)
    get_settings.cache_clear()
    yield client
    get_settings.cache_clear()


def sign(payload: str, secret: str = SECRET, *, at: int | None = None) -> str:
    timestamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def event(event_id: str, kind: str, obj: dict[str, Any]) -> str:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "api_version": "2024-06-20",
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }
    )


def intent(shop: Shop, number: str, *, amount: int | None = None, currency: str = "cny"):
    with UnitOfWork() as uow:
        payment = uow.session.scalars(select(Payment).where(Payment.order_ref == number)).one()
        intent_id, total = payment.intent_id, payment.amount_fen
    return {
        "id": intent_id,
        "object": "payment_intent",
        "amount": total,
        "amount_received": total if amount is None else amount,
        "currency": currency,
        "status": "succeeded",
        "metadata": {"order_ref": number},
    }


def post(client: TestClient, payload: str, signature: str):
    return client.post(
        "/webhooks/stripe",
        content=payload.encode(),
        headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
    )


def placed(client: TestClient) -> tuple[Shop, str]:
    shop = open_shop()
    response = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    )
    return shop, response.json()["number"]


def status(client: TestClient, shop: Shop, number: str) -> str:
    return str(client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()["status"])


def test_a_valid_signed_success_pays_the_order_once(hooks: TestClient) -> None:
    shop, number = placed(hooks)
    payload = event("evt_1", "payment_intent.succeeded", intent(shop, number))
    first = post(hooks, payload, sign(payload))
    assert first.status_code == 200 and first.json()["outcome"] == "applied"
    assert status(hooks, shop, number) == "paid"
    again = post(hooks, payload, sign(payload))
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    with UnitOfWork() as uow:
        assert uow.session.scalar(select(func.count()).select_from(WebhookEvent)) == 1


def test_forged_and_badly_timed_deliveries_are_refused(hooks: TestClient) -> None:
    shop, number = placed(hooks)
    payload = event("evt_2", "payment_intent.succeeded", intent(shop, number))
    now = int(time.time())
    tampered = payload.replace('"amount_received": ', '"amount_received": 1')
    cases = {
        "tampered body": (tampered, sign(payload)),
        "wrong secret": (payload, sign(payload, "whsec_wrong")),
        "stale": (payload, sign(payload, at=now - 600)),
        "future-dated": (payload, sign(payload, at=now + 600)),
        "no signature": (payload, ""),
        "garbage header": (payload, "t=abc,v1=zz"),
    }
    for name, (body, signature) in cases.items():
        response = post(hooks, body, signature)
        assert response.status_code == 401, name
    assert post(hooks, payload, sign(payload, at=now + 600)).json()["error"]["code"] == (
        "webhook_future_dated"
    )
    assert status(hooks, shop, number) == "pending_payment"
    with UnitOfWork() as uow:
        assert uow.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0


def test_out_of_order_failure_and_cancel_never_undo_a_success(hooks: TestClient) -> None:
    shop, number = placed(hooks)
    obj = intent(shop, number)
    for event_id, kind in (
        ("evt_a", "payment_intent.succeeded"),
        ("evt_b", "payment_intent.payment_failed"),
        ("evt_c", "payment_intent.canceled"),
        ("evt_a", "payment_intent.succeeded"),
    ):
        payload = event(event_id, kind, obj)
        assert post(hooks, payload, sign(payload)).status_code == 200
    assert status(hooks, shop, number) == "paid"
    with UnitOfWork() as uow:
        payment = uow.session.scalars(select(Payment).where(Payment.order_ref == number)).one()
        assert payment.status == "succeeded"


def test_failure_first_then_success_still_pays(hooks: TestClient) -> None:
    shop, number = placed(hooks)
    obj = intent(shop, number)
    for event_id, kind in (
        ("evt_f", "payment_intent.payment_failed"),
        ("evt_s", "payment_intent.succeeded"),
    ):
        payload = event(event_id, kind, obj)
        post(hooks, payload, sign(payload))
    assert status(hooks, shop, number) == "paid"


def test_amount_or_currency_mismatch_does_not_pay(hooks: TestClient) -> None:
    shop, number = placed(hooks)
    short = event("evt_m1", "payment_intent.succeeded", intent(shop, number, amount=1))
    assert post(hooks, short, sign(short)).json()["outcome"] == "amount_mismatch"
    usd = event("evt_m2", "payment_intent.succeeded", intent(shop, number, currency="usd"))
    assert post(hooks, usd, sign(usd)).json()["outcome"] == "amount_mismatch"
    assert status(hooks, shop, number) == "pending_payment"


def test_a_refund_at_the_provider_is_recorded(hooks: TestClient) -> None:
    shop, number = placed(hooks)
    obj = intent(shop, number)
    paid = event("evt_p", "payment_intent.succeeded", obj)
    post(hooks, paid, sign(paid))
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": obj["id"],
        "amount": obj["amount"],
        "amount_refunded": 500,
        "currency": "cny",
        "refunded": False,
    }
    partial = event("evt_r1", "charge.refunded", charge)
    post(hooks, partial, sign(partial))
    order = hooks.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()
    assert (order["status"], order["refunded_fen"]) == ("paid", 500)
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (10, 1)
    full = event("evt_r2", "charge.refunded", {**charge, "amount_refunded": obj["amount"]})
    post(hooks, full, sign(full))
    assert status(hooks, shop, number) == "refunded"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (10, 0)  # never collected: back on sale


def test_every_event_is_routed_to_its_use_case_and_recorded_once_with_its_outcome(
    hooks: TestClient,
) -> None:
    shop, number = placed(hooks)
    obj = intent(shop, number)
    stranger = {**obj, "id": "pi_nobody"}
    refund_of_nobody = {"payment_intent": "pi_nobody", "amount_refunded": 1, "currency": "cny"}
    expected = {
        "evt_x1": ("payment_intent.created", obj, "ignored"),  # no use case takes it
        "evt_x2": ("payment_intent.payment_failed", stranger, "unknown_intent"),
        "evt_x3": ("payment_intent.succeeded", stranger, "unknown_intent"),  # the full path
        "evt_x4": ("charge.refunded", refund_of_nobody, "unknown_intent"),
        "evt_x5": ("payment_intent.payment_failed", obj, "applied"),
    }
    for event_id, (kind, body, outcome) in expected.items():
        payload = event(event_id, kind, body)
        assert post(hooks, payload, sign(payload)).json()["outcome"] == outcome, kind
    with UnitOfWork() as uow:
        rows = uow.session.execute(select(WebhookEvent.event_id, WebhookEvent.outcome))
        recorded = {event_id: outcome for event_id, outcome in rows}
        payment = uow.session.scalars(select(Payment).where(Payment.order_ref == number)).one()
        assert payment.status == "failed"  # still open: a failure moves it
    assert recorded == {event_id: outcome for event_id, (_, _, outcome) in expected.items()}
    assert status(hooks, shop, number) == "pending_payment"  # the shopper may retry meanwhile
