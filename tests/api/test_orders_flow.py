"""The BOPIS journey over HTTP: place, pay (offline), accept, ready, hand over."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notifications.models import Delivery
from services.platform.uow import UnitOfWork
from tests.shop import idem, live_reserved, open_shop, stock_of
from tests.waiting import eventually


def _deliveries(template: str) -> list[str]:
    """Bodies of the notifications sent with ``template``."""
    with UnitOfWork() as uow:
        rows = uow.session.scalars(select(Delivery).where(Delivery.template == template))
        return [row.body or "" for row in rows]


def _eventually_delivered(template: str, count: int) -> list[str]:
    """The deliveries of ``template`` once there are ``count`` (async commits kick the relay
    from a background task, right after the response; see ``tests.waiting``)."""
    eventually(lambda: len(_deliveries(template)) >= count)
    return _deliveries(template)


def test_pickup_order_from_placement_to_handover(client: TestClient) -> None:
    shop = open_shop(units=5, price_fen=12345)
    placed = client.post(
        "/mp/v1/orders",
        json=shop.order_body(2, guide_id=shop.guide_id),  # the guide at the counter
        headers={**shop.shopper(), **idem()},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    number = order["number"]
    assert order["status"] == "pending_payment"
    assert order["total_fen"] == 24690
    assert order["lines"][0]["unit_price_fen"] == 12345
    assert (order["channel"], order["touchpoint_id"], order["guide_id"]) == (
        "store_assisted",
        None,
        shop.guide_id,
    )
    assert order["payment"]["gateway"] == "offline"
    assert order["payment"]["client_secret"]
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 2)

    paid = client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=shop.shopper())
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid"
    # The answer is the row the fast lane paid, with its payment: it must be what a read says.
    read = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()
    # The read adds what the shopper may also like (recommendations); the order is the same.
    assert read.pop("recommendations") == []  # nothing trained yet
    assert read == paid.json()  # the simulate answer carries the payment too
    assert paid.json()["paid_at"] and read["payment"]["status"] == "succeeded"
    assert len(_eventually_delivered("order_paid_store", 1)) == 1

    queue = client.get("/tablet/v1/orders", headers=shop.guide()).json()
    assert [o["number"] for o in queue["items"]] == [number]
    assert (
        client.post(f"/tablet/v1/orders/{number}/accept", headers=shop.guide()).json()["status"]
        == "preparing"
    )
    ready = client.post(f"/tablet/v1/orders/{number}/ready", headers=shop.guide())
    assert ready.json()["status"] == "ready_for_pickup"
    assert ready.json()["pickup"] is None  # the guide never sees the code

    mine = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()
    code = mine["pickup"]["code"]
    assert len(code) == 6 and code.isdigit()
    assert mine["pickup"]["collect_by"]
    [sent] = _eventually_delivered("order_ready_for_pickup", 1)
    assert code in sent

    handed = client.post(
        f"/tablet/v1/orders/{number}/handover", json={"code": code}, headers=shop.guide()
    )
    assert handed.status_code == 200, handed.text
    assert handed.json()["status"] == "picked_up"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (3, 0)
    assert live_reserved(shop.location_id, shop.sku_ids[0]) == 0


def test_hand_over_by_signed_qr(client: TestClient) -> None:
    shop = open_shop()
    number = _ready_order(client, shop)
    qr = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()["pickup"]["qr"]
    forged = qr[:-3] + ("AAA" if not qr.endswith("AAA") else "BBB")
    refused = client.post("/tablet/v1/handover", json={"qr": forged}, headers=shop.guide())
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "pickup_qr_invalid"
    handed = client.post("/tablet/v1/handover", json={"qr": qr}, headers=shop.guide())
    assert handed.status_code == 200, handed.text
    assert handed.json()["status"] == "picked_up"


def _ready_order(client: TestClient, shop) -> str:
    number = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    ).json()["number"]
    assert (
        client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=shop.shopper()).json()[
            "status"
        ]
        == "paid"
    )
    client.post(f"/tablet/v1/orders/{number}/accept", headers=shop.guide())
    client.post(f"/tablet/v1/orders/{number}/ready", headers=shop.guide())
    return number
