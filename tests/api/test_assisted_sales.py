"""Assisted sales: a guide rings up a member's order (the one placement), paid at the counter
or by the member through a payment link; the stock is taken and the guide credited."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.platform import ratelimit
from services.platform.settings import get_settings
from tests import factories
from tests.shop import Shop, idem, open_shop, stock_of


def _ring_up(
    client: TestClient, shop: Shop, quantity: int = 2, headers: dict | None = None, **body
) -> dict:
    response = client.post(
        "/tablet/v1/sales",
        json={
            "member_id": shop.member_id,
            "lines": [{"sku_id": shop.sku_ids[0], "quantity": quantity}],
            **body,
        },
        headers=headers or {**shop.guide(), **idem()},
    )
    return {"http": response.status_code, **response.json()}


def test_paid_at_the_counter_the_stock_is_taken_and_the_guide_credited(
    client: TestClient,
) -> None:
    shop = open_shop(units=5)
    sale = _ring_up(client, shop, quantity=2)
    assert sale["http"] == 201, sale
    assert (sale["channel"], sale["guide_id"], sale["store_id"]) == (
        "store_assisted",
        shop.guide_id,
        shop.store_id,
    )
    assert sale["status"] == "pending_payment" and sale["total_fen"] == 2 * shop.price_fen
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 2)  # held for the sale
    number = sale["number"]
    pay = f"/tablet/v1/sales/{number}/counter-payment"
    short = client.post(
        pay, json={"amount_fen": shop.price_fen, "method": "cash"}, headers=shop.guide()
    )
    assert short.status_code == 409 and short.json()["error"]["code"] == "counter_amount_mismatch"
    paid = client.post(
        pay, json={"amount_fen": 2 * shop.price_fen, "method": "card"}, headers=shop.guide()
    )
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid" and paid.json()["guide_id"] == shop.guide_id
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 2)  # allocated to the order
    again = client.post(
        pay, json={"amount_fen": 2 * shop.price_fen, "method": "card"}, headers=shop.guide()
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "order_not_payable"
    # The member sees it among their orders; the store's queue has it to hand over.
    mine = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()
    assert mine["status"] == "paid" and mine["channel"] == "store_assisted"
    queue = client.get("/tablet/v1/orders", headers=shop.guide()).json()["items"]
    assert [o["number"] for o in queue] == [number]
    # A guide of another store cannot record money for it.
    elsewhere = open_shop()
    foreign = client.post(
        pay, json={"amount_fen": 2 * shop.price_fen, "method": "cash"}, headers=elsewhere.guide()
    )
    assert foreign.status_code == 404


def test_a_payment_link_is_for_that_member_only_and_leads_to_the_usual_payment(
    client: TestClient,
) -> None:
    shop = open_shop()
    sale = _ring_up(client, shop, quantity=1)
    link = sale["pay_link"]["token"]
    assert sale["pay_link"]["path"].endswith(link)
    stranger = factories.member().id
    refused = client.post(
        "/mp/v1/pay-links", json={"link": link}, headers=factories.shopper_headers(stranger)
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "pay_link_invalid"
    forged = client.post(
        "/mp/v1/pay-links", json={"link": link[:-3] + "AAA"}, headers=shop.shopper()
    )
    assert forged.status_code == 403
    opened = client.post("/mp/v1/pay-links", json={"link": link}, headers=shop.shopper())
    assert opened.status_code == 200, opened.text
    order = opened.json()
    assert order["number"] == sale["number"] and order["payment"]["client_secret"]
    paid = client.post(f"/mp/v1/orders/{order['number']}/simulate-payment", headers=shop.shopper())
    assert paid.json()["status"] == "paid" and paid.json()["guide_id"] == shop.guide_id
    fresh = client.get(f"/tablet/v1/sales/{sale['number']}/pay-link", headers=shop.guide())
    assert fresh.status_code == 409  # paid: nothing left to pay


def test_a_repeated_ring_up_places_one_order_and_holds_the_stock_once(client: TestClient) -> None:
    shop = open_shop(units=5)
    headers = {**shop.guide(), **idem()}
    first = _ring_up(client, shop, quantity=2, headers=headers)
    second = _ring_up(client, shop, quantity=2, headers=headers)
    assert first["http"] == second["http"] == 201
    assert first["number"] == second["number"]
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 2)


def test_refusals_unknown_member_short_stock_and_only_assisted_orders_at_the_counter(
    client: TestClient,
) -> None:
    shop = open_shop(units=1)
    ghost = _ring_up(client, shop, member_id=987654321)
    assert (ghost["http"], ghost["error"]["code"]) == (404, "member_not_found")
    short = _ring_up(client, shop, quantity=2)
    assert (short["http"], short["error"]["code"]) == (409, "out_of_stock")
    own = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    ).json()
    at_counter = client.post(
        f"/tablet/v1/sales/{own['number']}/counter-payment",
        json={"amount_fen": own["total_fen"], "method": "cash"},
        headers=shop.guide(),
    )
    assert at_counter.status_code == 404  # the shopper's own order pays through its provider


def test_a_guide_ringing_up_in_a_burst_is_cut_off(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("O2O_ASSISTED_ORDERS_PER_GUIDE", "2")
    monkeypatch.setenv("O2O_OPEN_ORDERS_PER_MEMBER", "50")
    get_settings.cache_clear()
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)
    try:
        shop = open_shop(units=20)
        others = [factories.member().id for _ in range(3)]
        statuses = [_ring_up(client, shop, 1, member_id=m)["http"] for m in others]
        assert statuses == [201, 201, 429]
    finally:
        get_settings.cache_clear()
