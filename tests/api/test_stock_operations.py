"""Store stock operations over HTTP: a guide at their own store, managers in their regions."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from inventory.models import Product, Sku
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import Shop, idem, open_shop, stock_of


def _receipts(shop: Shop, store_id: int | None = None) -> str:
    return f"/tablet/v1/stores/{store_id or shop.store_id}/stock/receipts"


def _delivery(shop: Shop, note: str, quantity: int = 12) -> dict[str, Any]:
    return {"delivery_note": note, "lines": [{"sku_id": shop.sku_ids[0], "quantity": quantity}]}


def test_a_guide_receives_a_delivery_once_and_reads_its_movements(client: TestClient) -> None:
    shop = open_shop(units=3)
    sku = shop.sku_ids[0]
    first = client.post(_receipts(shop), json=_delivery(shop, "DN-2026-0001"), headers=shop.guide())
    assert first.status_code == 200, first.text
    assert first.json()["applied"] is True
    again = client.post(_receipts(shop), json=_delivery(shop, "DN-2026-0001"), headers=shop.guide())
    assert again.status_code == 200 and again.json()["applied"] is False
    assert stock_of(shop.location_id, sku) == (15, 0)

    other = client.post(
        _receipts(shop), json=_delivery(shop, "DN-2026-0001", 1), headers=shop.guide()
    )
    assert (other.status_code, other.json()["error"]["code"]) == (409, "delivery_note_reused")

    history = client.get(
        f"/tablet/v1/stores/{shop.store_id}/stock/{sku}/movements", headers=shop.guide()
    ).json()
    assert history["total"] == 2
    latest, opening = history["items"]
    assert (latest["kind"], latest["quantity"], latest["source_id"]) == (
        "receipt",
        12,
        "DN-2026-0001",
    )
    assert (latest["staff_role"], latest["staff_id"]) == ("guide", shop.guide_id)
    assert (opening["kind"], opening["quantity"]) == ("import", 3)


def test_adjustments_carry_a_reason_and_never_go_below_reserved(client: TestClient) -> None:
    shop = open_shop(units=2)
    sku = shop.sku_ids[0]
    url = f"/tablet/v1/stores/{shop.store_id}/stock/adjustments"
    placed = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    )
    assert placed.status_code == 201, placed.text
    refused = client.post(
        url, json={"sku_id": sku, "quantity": -2, "reason": "damaged"}, headers=shop.guide()
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "below_reserved")
    done = client.post(
        url, json={"sku_id": sku, "quantity": -1, "reason": "damaged"}, headers=shop.guide()
    )
    assert done.status_code == 200, done.text
    assert (done.json()["on_hand"], done.json()["reserved"]) == (1, 1)
    bad = client.post(
        url, json={"sku_id": sku, "quantity": 1, "reason": "stolen"}, headers=shop.guide()
    )
    assert bad.status_code == 422
    zero = client.post(
        url, json={"sku_id": sku, "quantity": 0, "reason": "found"}, headers=shop.guide()
    )
    assert (zero.status_code, zero.json()["error"]["code"]) == (422, "adjustment_zero")
    unknown = client.post(
        url, json={"sku_id": 2_000_000, "quantity": 1, "reason": "found"}, headers=shop.guide()
    )
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "sku_not_found")


def test_a_guide_of_store_a_cannot_touch_store_b(client: TestClient) -> None:
    a, b = open_shop(units=5), open_shop(units=5)
    sku = b.sku_ids[0]
    base = f"/tablet/v1/stores/{b.store_id}/stock"
    calls = [
        client.post(f"{base}/receipts", json=_delivery(b, "DN-X"), headers=a.guide()),
        client.post(
            f"{base}/adjustments",
            json={"sku_id": sku, "quantity": -1, "reason": "lost"},
            headers=a.guide(),
        ),
        client.post(
            f"{base}/counts",
            json={"count_id": "C1", "lines": [{"sku_id": sku, "counted": 0}]},
            headers=a.guide(),
        ),
        client.get(f"{base}/{sku}/movements", headers=a.guide()),
    ]
    assert [(c.status_code, c.json()["error"]["code"]) for c in calls] == [
        (404, "location_not_found")
    ] * 4
    assert stock_of(b.location_id, sku) == (5, 0)


def test_managers_act_only_in_their_regions_and_warehouses_are_hq_only(client: TestClient) -> None:
    mine, theirs = open_shop(units=1), open_shop(units=1)
    warehouse = factories.location(code="WH-LEDGER")
    regional = factories.new_manager_headers((mine.region_id,))
    hq = factories.new_manager_headers(hq=True)

    def receive(location_id: int, headers: dict[str, str], note: str) -> Any:
        body = {"delivery_note": note, "lines": [{"sku_id": mine.sku_ids[0], "quantity": 4}]}
        return client.post(
            f"/manager/v1/locations/{location_id}/stock/receipts", json=body, headers=headers
        )

    assert receive(mine.location_id, regional, "DN-M1").status_code == 200
    for location_id in (theirs.location_id, warehouse.id, 2_000_000):
        refused = receive(location_id, regional, "DN-M2")
        assert (refused.status_code, refused.json()["error"]["code"]) == (404, "location_not_found")
    assert receive(warehouse.id, hq, "DN-M3").status_code == 200
    assert stock_of(mine.location_id, mine.sku_ids[0]) == (5, 0)
    assert stock_of(warehouse.id, mine.sku_ids[0]) == (4, 0)
    moved = client.get(
        f"/manager/v1/locations/{warehouse.id}/stock/{mine.sku_ids[0]}/movements", headers=hq
    ).json()["items"]
    assert [(m["kind"], m["staff_role"]) for m in moved] == [("receipt", "manager")]


def test_a_count_on_the_tablet_refuses_below_reserved_unless_told(client: TestClient) -> None:
    shop = open_shop(units=4)
    sku = shop.sku_ids[0]
    url = f"/tablet/v1/stores/{shop.store_id}/stock/counts"
    placed = client.post(
        "/mp/v1/orders", json=shop.order_body(2), headers={**shop.shopper(), **idem()}
    )
    assert placed.status_code == 201, placed.text
    body = {"count_id": "SHELF-3", "lines": [{"sku_id": sku, "counted": 1}]}
    refused = client.post(url, json=body, headers=shop.guide())
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "count_below_reserved")
    assert stock_of(shop.location_id, sku) == (4, 2)
    told = client.post(url, json={**body, "accept_below_reserved": True}, headers=shop.guide())
    assert told.status_code == 200, told.text
    assert told.json()["lines"][0]["short"] == 1
    assert stock_of(shop.location_id, sku) == (2, 2)


def test_a_handover_writes_the_sale_to_the_ledger(client: TestClient) -> None:
    shop = open_shop(units=4)
    sku = shop.sku_ids[0]
    number = client.post(
        "/mp/v1/orders", json=shop.order_body(2), headers={**shop.shopper(), **idem()}
    ).json()["number"]
    paid = client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=shop.shopper())
    assert paid.json()["status"] == "paid"
    client.post(f"/tablet/v1/orders/{number}/accept", headers=shop.guide())
    client.post(f"/tablet/v1/orders/{number}/ready", headers=shop.guide())
    code = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()["pickup"]["code"]
    handed = client.post(
        f"/tablet/v1/orders/{number}/handover", json={"code": code}, headers=shop.guide()
    )
    assert handed.status_code == 200, handed.text
    assert stock_of(shop.location_id, sku) == (2, 0)
    [sale, _] = client.get(
        f"/tablet/v1/stores/{shop.store_id}/stock/{sku}/movements", headers=shop.guide()
    ).json()["items"]
    assert (sale["kind"], sale["quantity"], sale["source_type"], sale["source_id"]) == (
        "sale_fulfilled",
        -2,
        "order",
        number,
    )
    assert (sale["staff_role"], sale["staff_id"]) == ("guide", shop.guide_id)


def test_a_category_count_zeroes_what_was_not_found_and_keeps_reserved(
    client: TestClient,
) -> None:
    shop = open_shop(units=4, skus=3)  # one product, three SKUs, category "jackets"
    a, b, c = shop.sku_ids
    elsewhere = factories.sku()  # a SKU of another category (set below), not stocked here
    with UnitOfWork() as uow:
        product = uow.session.get_one(Sku, elsewhere).product_id
        uow.session.get_one(Product, product).category = "socks"
        uow.commit()
    url = f"/tablet/v1/stores/{shop.store_id}/stock/counts"
    placed = client.post(
        "/mp/v1/orders", json=shop.order_body(quantity=1), headers={**shop.shopper(), **idem()}
    )
    assert placed.status_code == 201  # one unit of ``a`` reserved

    def count(lines: list[dict[str, int]], **extra: Any) -> Any:
        body = {"count_id": "CNT-JACKETS", "category": "jackets", "lines": lines, **extra}
        return client.post(url, json=body, headers=shop.guide())

    stray = count([{"sku_id": elsewhere, "counted": 1}])
    assert (stray.status_code, stray.json()["error"]["code"]) == (422, "sku_not_in_category")
    # Only ``b`` is on the shelf: ``a`` and ``c`` count as zero, but ``a`` has a unit reserved.
    refused = count([{"sku_id": b, "counted": 3}])
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "count_below_reserved")
    assert refused.json()["error"]["details"]["sku_id"] == a
    assert [stock_of(shop.location_id, sku) for sku in (a, b, c)] == [(4, 1), (4, 0), (4, 0)]

    done = count([{"sku_id": b, "counted": 3}], accept_below_reserved=True)
    assert done.status_code == 200, done.text
    lines = {line["sku_id"]: line for line in done.json()["lines"]}
    assert sorted(lines) == [a, b, c]
    assert (lines[a]["counted"], lines[a]["on_hand_after"], lines[a]["short"]) == (0, 1, 1)
    assert [stock_of(shop.location_id, sku) for sku in (a, b, c)] == [(1, 1), (3, 0), (0, 0)]
