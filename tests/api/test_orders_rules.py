"""Orders over HTTP: idempotency, ownership, store scoping, state rules, pickup code lock."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from orders.models import Order
from services.payments.models import Refund
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import Shop, idem, live_reserved, open_shop, stock_of
from tests.waiting import eventually


def _count(model: type) -> int:
    with UnitOfWork() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def _refund_rows() -> list[tuple[str, int]]:
    with UnitOfWork() as uow:
        return [(r.status, r.amount_fen) for r in uow.session.scalars(select(Refund))]


def _place(client: TestClient, shop: Shop, quantity: int = 1) -> str:
    response = client.post(
        "/mp/v1/orders", json=shop.order_body(quantity), headers={**shop.shopper(), **idem()}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["number"])


def _pay(client: TestClient, shop: Shop, number: str) -> None:
    paid = client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=shop.shopper())
    assert paid.json()["status"] == "paid", paid.text


def test_idempotency_key_is_required_replayed_and_bound_to_the_body(client: TestClient) -> None:
    shop = open_shop(units=5)
    missing = client.post("/mp/v1/orders", json=shop.order_body(), headers=shop.shopper())
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "idempotency_key_required"

    key = {"Idempotency-Key": "checkout-1"}
    first = client.post("/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **key})
    again = client.post("/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert _count(Order) == 1
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 1)

    changed = client.post(
        "/mp/v1/orders", json=shop.order_body(2), headers={**shop.shopper(), **key}
    )
    assert changed.status_code == 409
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    # Another shopper's identical key is their own.
    other = factories.member().id
    theirs = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(other), **key}
    )
    assert theirs.status_code == 201
    assert theirs.json()["number"] != first.json()["number"]


def test_a_replay_after_the_sell_out_still_gets_the_first_answer(client: TestClient) -> None:
    shop = open_shop(units=1)
    key = {"Idempotency-Key": "last-pair"}
    first = client.post("/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **key})
    assert first.status_code == 201
    # Sold out now: the stock check fails first, and the stored answer still wins.
    again = client.post("/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **key})
    assert again.status_code == 201 and again.json() == first.json()
    reused = client.post(
        "/mp/v1/orders", json=shop.order_body(2), headers={**shop.shopper(), **key}
    )
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    someone = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    )
    assert someone.status_code == 409 and someone.json()["error"]["code"] == "out_of_stock"
    assert _count(Order) == 1


def test_out_of_stock_is_a_conflict_and_leaves_nothing_behind(client: TestClient) -> None:
    shop = open_shop(units=1)
    response = client.post(
        "/mp/v1/orders", json=shop.order_body(2), headers={**shop.shopper(), **idem()}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "out_of_stock"
    assert _count(Order) == 0
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (1, 0)


def test_a_shopper_sees_only_their_own_orders(client: TestClient) -> None:
    shop = open_shop()
    number = _place(client, shop)
    other = shop.shopper(factories.member().id)
    assert client.get(f"/mp/v1/orders/{number}", headers=other).status_code == 404
    assert client.post(f"/mp/v1/orders/{number}/cancel", headers=other).status_code == 404
    assert client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=other).status_code == 404
    assert client.get("/mp/v1/orders", headers=other).json()["items"] == []
    mine = client.get("/mp/v1/orders", params={"limit": 1}, headers=shop.shopper()).json()
    assert [o["number"] for o in mine["items"]] == [number] and mine["total"] == 1
    assert client.get(f"/mp/v1/orders/{number}").status_code == 401


def test_a_guide_acts_only_in_their_own_store(client: TestClient) -> None:
    shop = open_shop()
    number = _place(client, shop)
    _pay(client, shop, number)
    elsewhere = factories.store(shop.region_id)
    intruder = factories.guide_headers(factories.guide(elsewhere.id).id, elsewhere.id)
    assert client.get("/tablet/v1/orders", headers=intruder).json()["items"] == []
    for path in ("", "/accept", "/ready", "/reissue-code"):
        method = client.get if path == "" else client.post
        assert method(f"/tablet/v1/orders/{number}{path}", headers=intruder).status_code == 404
    handover = client.post(
        f"/tablet/v1/orders/{number}/handover", json={"code": "123456"}, headers=intruder
    )
    assert handover.status_code == 404


def test_invalid_transitions_are_409_naming_the_current_state(client: TestClient) -> None:
    shop = open_shop()
    number = _place(client, shop)
    for path in ("/accept", "/ready"):
        refused = client.post(f"/tablet/v1/orders/{number}{path}", headers=shop.guide())
        assert refused.status_code == 409
        assert refused.json()["error"]["details"]["status"] == "pending_payment"
        assert "pending_payment" in refused.json()["error"]["message"]
    _pay(client, shop, number)
    ready = client.post(f"/tablet/v1/orders/{number}/ready", headers=shop.guide())
    assert ready.status_code == 409 and ready.json()["error"]["details"]["status"] == "paid"
    client.post(f"/tablet/v1/orders/{number}/accept", headers=shop.guide())
    again = client.post(f"/tablet/v1/orders/{number}/accept", headers=shop.guide())
    assert again.status_code == 409 and again.json()["error"]["details"]["status"] == "preparing"
    cancel = client.post(f"/mp/v1/orders/{number}/cancel", headers=shop.shopper())
    assert cancel.status_code == 409
    assert cancel.json()["error"]["details"]["status"] == "preparing"


def test_five_wrong_codes_lock_until_the_guide_reissues(client: TestClient) -> None:
    shop = open_shop()
    number = _place(client, shop)
    _pay(client, shop, number)
    client.post(f"/tablet/v1/orders/{number}/accept", headers=shop.guide())
    client.post(f"/tablet/v1/orders/{number}/ready", headers=shop.guide())
    code = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()["pickup"]["code"]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    url = f"/tablet/v1/orders/{number}/handover"
    for left in (4, 3, 2, 1, 0):
        response = client.post(url, json={"code": wrong}, headers=shop.guide())
        assert response.status_code == 403
        assert response.json()["error"]["details"]["attempts_left"] == left
    locked = client.post(url, json={"code": code}, headers=shop.guide())
    assert locked.status_code == 403
    assert locked.json()["error"]["code"] == "pickup_code_locked"

    client.post(f"/tablet/v1/orders/{number}/reissue-code", headers=shop.guide())
    fresh = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()["pickup"]
    if fresh["code"] != code:
        stale = client.post(url, json={"code": code}, headers=shop.guide())
        assert stale.status_code == 403
    handed = client.post(url, json={"code": fresh["code"]}, headers=shop.guide())
    assert handed.status_code == 200 and handed.json()["status"] == "picked_up"
    again = client.post(url, json={"code": fresh["code"]}, headers=shop.guide())
    assert again.status_code == 409
    assert again.json()["error"]["details"]["status"] == "picked_up"


def test_cancel_before_payment_releases_and_after_payment_refunds(client: TestClient) -> None:
    shop = open_shop(units=3)
    unpaid = _place(client, shop)
    paid = _place(client, shop)
    _pay(client, shop, paid)
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (3, 2)

    first = client.post(f"/mp/v1/orders/{unpaid}/cancel", headers=shop.shopper())
    assert first.status_code == 200 and first.json()["status"] == "cancelled"
    second = client.post(f"/mp/v1/orders/{paid}/cancel", headers=shop.shopper())
    assert second.status_code == 200, second.text
    assert second.json()["refunded_fen"] == second.json()["total_fen"]
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (3, 0)
    assert live_reserved(shop.location_id, shop.sku_ids[0]) == 0
    assert eventually(lambda: _refund_rows() == [("succeeded", shop.price_fen)])
    again = client.post(f"/mp/v1/orders/{paid}/cancel", headers=shop.shopper())
    assert again.status_code == 409
    assert again.json()["error"]["details"]["status"] == "cancelled"


def test_pickup_only_at_open_stores_that_take_pickup(client: TestClient) -> None:
    shop = open_shop(pickup_enabled=False)
    response = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "pickup_unavailable"
    bad = client.post(
        "/mp/v1/orders",
        json={"fulfilment": "pickup", "lines": [{"sku_id": 1, "quantity": 1}]},
        headers={**shop.shopper(), **idem()},
    )
    assert bad.status_code == 422


def test_delivery_orders_reserve_at_a_warehouse_that_holds_the_cart(client: TestClient) -> None:
    shop = open_shop(units=0)
    warehouse = factories.location(code="WH-1")
    factories.stock(warehouse.id, shop.sku_ids[0], 3)
    address = {"name": "Li Lei", "phone": "13800000000", "city": "Shanghai", "address": "1 Rd"}
    body = {
        "fulfilment": "delivery",
        "delivery_address": address,
        "lines": [{"sku_id": shop.sku_ids[0], "quantity": 2}],
    }
    placed = client.post("/mp/v1/orders", json=body, headers={**shop.shopper(), **idem()})
    assert placed.status_code == 201, placed.text
    assert placed.json()["store_id"] is None
    assert placed.json()["delivery_address"] == address
    assert stock_of(warehouse.id, shop.sku_ids[0]) == (3, 2)
    too_many = {**body, "lines": [{"sku_id": shop.sku_ids[0], "quantity": 2}]}
    refused = client.post("/mp/v1/orders", json=too_many, headers={**shop.shopper(), **idem()})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "out_of_stock"


def test_a_provider_outage_after_commit_is_retried_with_the_same_key(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.payments import intake
    from services.payments.gateway import GatewayError

    class Down:
        name = "stripe"
        in_process = False

        def create_intent(self, **_: object) -> None:
            raise GatewayError("connection reset")

    shop = open_shop(units=2)
    key = {"Idempotency-Key": "retry-me"}
    real = intake.get_gateway
    monkeypatch.setattr(intake, "get_gateway", lambda **_: Down())
    first = client.post("/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **key})
    assert first.status_code == 503
    assert first.json()["error"]["code"] == "payment_unavailable"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 1)  # the order and hold stand

    monkeypatch.setattr(intake, "get_gateway", real)
    retry = client.post("/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **key})
    assert retry.status_code == 201
    assert retry.json()["number"] == first.json()["error"]["details"]["order_number"]
    assert retry.json()["payment"]["intent_id"]
    assert _count(Order) == 1
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 1)
