"""Away from the counter: ship and deliver delivery orders, refund part or all, in scope."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from inventory.models import StockMovement
from services.notifications.models import Delivery
from services.payments.models import Refund
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import Shop, idem, open_shop, stock_of
from tests.waiting import eventually

ADDRESS = {"name": "Li Lei", "phone": "13800000000", "city": "Shanghai", "address": "1 Rd"}
#: An HQ manager's headers, saved afresh for each test (the fixture below).
HQ: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _hq(db: dict[str, str]) -> None:
    HQ.clear()
    HQ.update(factories.new_manager_headers(hq=True))


def _paid(client: TestClient, shop: Shop, body: dict[str, object]) -> str:
    placed = client.post("/mp/v1/orders", json=body, headers={**shop.shopper(), **idem()})
    assert placed.status_code == 201, placed.text
    number: str = placed.json()["number"]
    paid = client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=shop.shopper())
    assert paid.json()["status"] == "paid"
    return number


def _delivery(shop: Shop, quantity: int) -> dict[str, object]:
    lines = [{"sku_id": shop.sku_ids[0], "quantity": quantity}]
    return {"fulfilment": "delivery", "delivery_address": ADDRESS, "lines": lines}


def _refunds(number: str) -> list[tuple[int, str, str]]:
    with UnitOfWork() as uow:
        rows = uow.session.scalars(
            select(Refund).where(Refund.idempotency_key.startswith(f"order-{number}-"))
        )
        return sorted((r.amount_fen, r.idempotency_key, r.status) for r in rows)


def _shipped_notice(number: str) -> str:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with UnitOfWork() as uow:
            body = uow.session.scalar(
                select(Delivery.body).where(
                    Delivery.template == "order_shipped", Delivery.body.contains(number)
                )
            )
        if body:
            return body
        time.sleep(0.02)
    raise AssertionError("the shopper was not told")


def test_a_delivery_order_ships_from_the_warehouse_and_is_delivered(client: TestClient) -> None:
    shop = open_shop(units=0)
    warehouse = factories.location(code="WH-SHIP")
    factories.stock(warehouse.id, shop.sku_ids[0], 3)
    number = _paid(client, shop, _delivery(shop, 2))
    assert stock_of(warehouse.id, shop.sku_ids[0]) == (3, 2)

    shipment = {"carrier": " SF Express ", "tracking_number": "SF1234567890"}
    shipped = client.post(f"/manager/v1/orders/{number}/ship", json=shipment, headers=HQ)
    assert shipped.status_code == 200, shipped.text
    body = shipped.json()
    assert (body["status"], body["carrier"], body["tracking_number"]) == (
        "shipped",
        "SF Express",
        "SF1234567890",
    )
    assert body["shipped_at"] and body["closed_at"] is None
    assert stock_of(warehouse.id, shop.sku_ids[0]) == (1, 0)  # the goods left
    assert "SF1234567890" in _shipped_notice(number)
    mine = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()
    assert mine["tracking_number"] == "SF1234567890"

    again = client.post(f"/manager/v1/orders/{number}/ship", json=shipment, headers=HQ)
    assert again.status_code == 409
    assert again.json()["error"]["details"]["status"] == "shipped"
    delivered = client.post(f"/manager/v1/orders/{number}/deliver", headers=HQ)
    assert delivered.json()["status"] == "delivered" and delivered.json()["closed_at"]
    # Delivered completes the order: 1 point per whole yuan paid (2 x 199 yuan).
    assert delivered.json()["points_earned"] == 2 * shop.price_fen // 100
    twice = client.post(f"/manager/v1/orders/{number}/deliver", headers=HQ)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "invalid_transition"
    assert stock_of(warehouse.id, shop.sku_ids[0]) == (1, 0)


def test_only_paid_delivery_orders_ship(client: TestClient) -> None:
    shop = open_shop(units=3)
    pickup = _paid(client, shop, shop.order_body())
    refused = client.post(
        f"/manager/v1/orders/{pickup}/ship",
        json={"carrier": "SF", "tracking_number": "SF1"},
        headers=HQ,
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["details"] == {"status": "paid", "target": "shipped"}
    warehouse = factories.location(code="WH-UNPAID")
    factories.stock(warehouse.id, shop.sku_ids[0], 3)
    unpaid = client.post(
        "/mp/v1/orders", json=_delivery(shop, 1), headers={**shop.shopper(), **idem()}
    ).json()["number"]
    early = client.post(
        f"/manager/v1/orders/{unpaid}/ship",
        json={"carrier": "SF", "tracking_number": "SF2"},
        headers=HQ,
    )
    assert early.status_code == 409
    assert early.json()["error"]["details"]["status"] == "pending_payment"
    for bad in (
        {"carrier": "", "tracking_number": "SF3"},
        {"carrier": "SF"},
        {
            "carrier": "SF",
            "tracking_number": "SF 3; DROP",
        },
    ):
        invalid = client.post(f"/manager/v1/orders/{unpaid}/ship", json=bad, headers=HQ)
        assert invalid.status_code == 422, bad


def test_managers_act_only_on_orders_in_their_regions(client: TestClient) -> None:
    shop = open_shop(units=3)
    number = _paid(client, shop, shop.order_body())
    own = factories.new_manager_headers((shop.region_id,))
    other = factories.new_manager_headers((shop.region_id + 1000,))
    assert client.get(f"/manager/v1/orders/{number}", headers=own).json()["status"] == "paid"
    for path in ("", "/deliver"):
        method = client.get if not path else client.post
        response = method(f"/manager/v1/orders/{number}{path}", headers=other)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "order_not_found"
    refund = {"amount_fen": 100, "reason": "goodwill"}
    response = client.post(
        f"/manager/v1/orders/{number}/refunds", json=refund, headers={**other, **idem()}
    )
    assert response.status_code == 404
    assert _refunds(number) == []
    warehouse = factories.location(code="WH-SCOPE")
    factories.stock(warehouse.id, shop.sku_ids[0], 3)
    delivery = _paid(client, shop, _delivery(shop, 1))  # no region: HQ only
    assert client.get(f"/manager/v1/orders/{delivery}", headers=own).status_code == 404
    assert client.get(f"/manager/v1/orders/{delivery}", headers=HQ).status_code == 200
    shopper = client.get(f"/manager/v1/orders/{number}", headers=shop.shopper())
    assert shopper.status_code == 401


def test_partial_refunds_add_up_to_a_full_one_that_releases_the_stock(client: TestClient) -> None:
    shop = open_shop(units=5, price_fen=5000)
    number = _paid(client, shop, shop.order_body(2))  # 10,000 fen
    manager = factories.new_manager_headers((shop.region_id,))
    url = f"/manager/v1/orders/{number}/refunds"
    key = {"Idempotency-Key": "refund-scratched-box"}
    first = client.post(url, json={"amount_fen": 1500, "reason": "box"}, headers={**manager, **key})
    assert first.status_code == 201, first.text
    assert (first.json()["status"], first.json()["refunded_fen"]) == ("paid", 1500)
    replay = client.post(
        url, json={"amount_fen": 1500, "reason": "box"}, headers={**manager, **key}
    )
    assert replay.status_code == 201 and replay.json() == first.json()
    reused = client.post(
        url, json={"amount_fen": 1600, "reason": "box"}, headers={**manager, **key}
    )
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert eventually(lambda: _refunds(number) == [(1500, f"order-{number}-refund-1", "succeeded")])

    too_much = client.post(
        url, json={"amount_fen": 8501, "reason": "all"}, headers={**manager, **idem()}
    )
    assert too_much.status_code == 409
    assert too_much.json()["error"]["details"] == {"refundable_fen": 8500}
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 2)
    rest = client.post(
        url, json={"amount_fen": 8500, "reason": "all"}, headers={**manager, **idem()}
    )
    assert rest.status_code == 201, rest.text
    assert (rest.json()["status"], rest.json()["refunded_fen"]) == ("refunded", 10000)
    assert rest.json()["closed_at"]
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 0)  # back on sale
    assert eventually(
        lambda: (
            _refunds(number)
            == [
                (1500, f"order-{number}-refund-1", "succeeded"),
                (8500, f"order-{number}-refund-2", "succeeded"),
            ]
        )
    )
    done = client.post(url, json={"amount_fen": 1, "reason": "more"}, headers={**manager, **idem()})
    assert done.status_code == 409 and done.json()["error"]["code"] == "not_refundable"


def test_refund_rules(client: TestClient) -> None:
    shop = open_shop(units=0)
    warehouse = factories.location(code="WH-REFUND")
    factories.stock(warehouse.id, shop.sku_ids[0], 2)
    number = _paid(client, shop, _delivery(shop, 1))
    url = f"/manager/v1/orders/{number}/refunds"
    client.post(
        f"/manager/v1/orders/{number}/ship",
        json={"carrier": "SF", "tracking_number": "SF9"},
        headers=HQ,
    )
    whole = {"amount_fen": shop.price_fen, "reason": "lost"}
    on_its_way = client.post(url, json=whole, headers={**HQ, **idem()})
    assert on_its_way.status_code == 409
    assert on_its_way.json()["error"]["details"] == {"status": "shipped", "target": "refunded"}
    client.post(f"/manager/v1/orders/{number}/deliver", headers=HQ)
    returned = client.post(url, json=whole, headers={**HQ, **idem()})
    assert returned.json()["status"] == "refunded"
    assert stock_of(warehouse.id, shop.sku_ids[0]) == (1, 0)  # a return is checked in by hand

    unpaid = client.post(
        "/mp/v1/orders", json=_delivery(shop, 1), headers={**shop.shopper(), **idem()}
    ).json()["number"]
    early = client.post(
        f"/manager/v1/orders/{unpaid}/refunds", json=whole, headers={**HQ, **idem()}
    )
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_refundable"
    missing_key = client.post(url, json=whole, headers=HQ)
    assert missing_key.json()["error"]["code"] == "idempotency_key_required"
    for bad in (
        {"amount_fen": 0, "reason": "x"},
        {"amount_fen": 10, "reason": ""},
        {
            "amount_fen": 10,
            "reason": "x",
            "extra": 1,
        },
    ):
        assert client.post(url, json=bad, headers={**HQ, **idem()}).status_code == 422, bad


def test_managers_list_the_orders_in_their_scope(client: TestClient) -> None:
    shop, elsewhere = open_shop(units=5), open_shop(units=5)
    warehouse = factories.location(code="WH-LIST")
    factories.stock(warehouse.id, shop.sku_ids[0], 5)
    mine = _paid(client, shop, shop.order_body())
    theirs = _paid(client, elsewhere, elsewhere.order_body())
    to_ship = _paid(client, shop, _delivery(shop, 1))
    unpaid = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    ).json()["number"]

    def numbers(headers: dict[str, str], query: str = "") -> list[str]:
        listed = client.get(f"/manager/v1/orders{query}", headers=headers)
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert body["total"] == len(body["items"])
        return [o["number"] for o in body["items"]]

    regional = factories.new_manager_headers((shop.region_id,))
    assert numbers(regional) == [unpaid, mine]  # newest first; no delivery, no other region
    assert numbers(regional, "?status=paid") == [mine]
    assert numbers(HQ) == [unpaid, to_ship, theirs, mine]
    assert numbers(HQ, "?status=paid&fulfilment=delivery") == [to_ship]
    assert numbers(HQ, f"?store_id={elsewhere.store_id}") == [theirs]
    assert numbers(regional, f"?store_id={elsewhere.store_id}") == []
    for bad in ("?status=lost", "?fulfilment=drone", "?store_id=0", "?limit=0"):
        assert client.get(f"/manager/v1/orders{bad}", headers=HQ).status_code == 422, bad


def _movements(location_id: int, sku_id: int, kind: str) -> list[tuple[int, str, str | None]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            select(StockMovement.quantity, StockMovement.source_id, StockMovement.staff_role).where(
                StockMovement.location_id == location_id,
                StockMovement.sku_id == sku_id,
                StockMovement.kind == kind,
            )
        )
        return [(row.quantity, row.source_id, row.staff_role) for row in rows]


def test_goods_that_came_back_are_restocked_where_they_left_once(client: TestClient) -> None:
    shop = open_shop(units=0)
    sku = shop.sku_ids[0]
    warehouse = factories.location(code="WH-RETURNS")
    factories.stock(warehouse.id, sku, 5)
    number = _paid(client, shop, _delivery(shop, 2))
    url = f"/manager/v1/orders/{number}/refunds"
    early = client.post(
        url,
        json={"amount_fen": 100, "reason": "x", "returned": [{"sku_id": sku, "quantity": 1}]},
        headers={**HQ, **idem()},
    )
    assert (early.status_code, early.json()["error"]["code"]) == (409, "not_returnable")
    client.post(
        f"/manager/v1/orders/{number}/ship",
        json={"carrier": "SF", "tracking_number": "SF10"},
        headers=HQ,
    )
    client.post(f"/manager/v1/orders/{number}/deliver", headers=HQ)
    assert stock_of(warehouse.id, sku) == (3, 0)

    one_back = {
        "amount_fen": shop.price_fen,
        "reason": "one pair returned",
        "returned": [{"sku_id": sku, "quantity": 1}],
    }
    first = client.post(url, json=one_back, headers={**HQ, **idem()})
    assert first.status_code == 201, first.text
    assert stock_of(warehouse.id, sku) == (4, 0)
    too_many = client.post(
        url,
        json={**one_back, "returned": [{"sku_id": sku, "quantity": 2}]},
        headers={**HQ, **idem()},
    )
    assert (too_many.status_code, too_many.json()["error"]["code"]) == (409, "return_exceeds_sold")
    assert too_many.json()["error"]["details"]["returnable"] == 1
    money_only = client.post(
        url, json={"amount_fen": 10, "reason": "goodwill"}, headers={**HQ, **idem()}
    )
    assert money_only.status_code == 201
    assert stock_of(warehouse.id, sku) == (4, 0)  # money alone restocks nothing
    assert _movements(warehouse.id, sku, "return_restocked") == [(1, number, "manager")]
