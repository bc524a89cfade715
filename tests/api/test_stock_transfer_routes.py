"""Transfers over HTTP: a guide at either end of their own store, managers in their regions."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.shop import Shop, idem, open_shop, stock_of


def _neighbour(shop: Shop) -> tuple[int, int, dict[str, str]]:
    """A second store of the shop's region with its own guide: (store id, location id, headers)."""
    store = factories.store(shop.region_id)
    location = factories.location(store_id=store.id)
    for sku in shop.sku_ids:
        factories.stock(location.id, sku, 0)
    guide = factories.guide(store.id)
    return store.id, location.id, factories.guide_headers(guide.id, store.id)


def _tablet(store_id: int, tail: str = "") -> str:
    return f"/tablet/v1/stores/{store_id}/stock/transfers{tail}"


def test_a_guide_sends_goods_that_the_other_store_receives(client: TestClient) -> None:
    shop = open_shop(units=10)
    sku = shop.sku_ids[0]
    store_b, location_b, guide_b = _neighbour(shop)
    body = {"to_location_id": location_b, "lines": [{"sku_id": sku, "quantity": 4}]}
    key = idem()
    made = client.post(_tablet(shop.store_id), json=body, headers={**shop.guide(), **key})
    assert made.status_code == 201, made.text
    again = client.post(_tablet(shop.store_id), json=body, headers={**shop.guide(), **key})
    assert again.status_code == 201 and again.json()["id"] == made.json()["id"]
    transfer_id = made.json()["id"]
    listed = client.get(_tablet(shop.store_id), headers=shop.guide()).json()
    assert listed["total"] == 1

    early = client.post(_tablet(store_b, f"/{transfer_id}/receive"), json={}, headers=guide_b)
    assert (early.status_code, early.json()["error"]["code"]) == (409, "transfer_status")
    wrong_end = client.post(_tablet(store_b, f"/{transfer_id}/ship"), headers=guide_b)
    assert (wrong_end.status_code, wrong_end.json()["error"]["code"]) == (
        409,
        "transfer_wrong_end",
    )
    shipped = client.post(_tablet(shop.store_id, f"/{transfer_id}/ship"), headers=shop.guide())
    assert shipped.status_code == 200 and shipped.json()["status"] == "in_transit"
    assert stock_of(shop.location_id, sku) == (6, 0) and stock_of(location_b, sku) == (0, 0)

    got = client.post(
        _tablet(store_b, f"/{transfer_id}/receive"),
        json={"lines": [{"sku_id": sku, "received": 4}]},
        headers=guide_b,
    )
    assert got.status_code == 200, got.text
    assert got.json()["lines"] == [{"sku_id": sku, "quantity": 4, "received": 4, "discrepancy": 0}]
    assert stock_of(location_b, sku) == (4, 0)
    history = client.get(f"/tablet/v1/stores/{store_b}/stock/{sku}/movements", headers=guide_b)
    latest = history.json()["items"][0]
    assert (latest["kind"], latest["quantity"], latest["source_id"]) == (
        "transfer_in",
        4,
        f"TR-{transfer_id}",
    )


def test_a_guide_of_store_a_cannot_ship_from_store_b(client: TestClient) -> None:
    shop = open_shop(units=10)
    sku = shop.sku_ids[0]
    store_b, location_b, guide_b = _neighbour(shop)
    _, location_c, _ = _neighbour(shop)
    factories.stock(location_b, sku, 5)
    made = client.post(
        _tablet(store_b),
        json={"to_location_id": location_c, "lines": [{"sku_id": sku, "quantity": 2}]},
        headers={**guide_b, **idem()},
    )
    transfer_id = made.json()["id"]
    calls = [
        client.post(_tablet(store_b, f"/{transfer_id}/ship"), headers=shop.guide()),
        client.post(_tablet(shop.store_id, f"/{transfer_id}/ship"), headers=shop.guide()),
        client.get(_tablet(shop.store_id, f"/{transfer_id}"), headers=shop.guide()),
        client.post(_tablet(shop.store_id, f"/{transfer_id}/cancel"), headers=shop.guide()),
    ]
    assert [(c.status_code, c.json()["error"]["code"]) for c in calls] == [
        (404, "location_not_found"),
        (404, "transfer_not_found"),
        (404, "transfer_not_found"),
        (404, "transfer_not_found"),
    ]
    assert stock_of(location_b, sku) == (5, 0)


def test_create_refuses_one_location_and_unknown_ends(client: TestClient) -> None:
    shop = open_shop(units=3)
    line = [{"sku_id": shop.sku_ids[0], "quantity": 1}]

    def create(body: dict[str, Any]) -> Any:
        return client.post(_tablet(shop.store_id), json=body, headers={**shop.guide(), **idem()})

    same = create({"to_location_id": shop.location_id, "lines": line})
    assert (same.status_code, same.json()["error"]["code"]) == (422, "transfer_same_location")
    gone = create({"from_location_id": 2_000_000, "lines": line})
    assert (gone.status_code, gone.json()["error"]["code"]) == (404, "location_not_found")
    both = create({"to_location_id": 1, "from_location_id": 2, "lines": line})
    assert both.status_code == 422


def test_managers_move_stock_between_locations_of_their_regions(client: TestClient) -> None:
    mine, theirs = open_shop(units=6), open_shop(units=6)
    sku = mine.sku_ids[0]
    _, location_b, _ = _neighbour(mine)
    regional = factories.new_manager_headers((mine.region_id,))
    base = f"/manager/v1/locations/{mine.location_id}/stock/transfers"
    made = client.post(
        base,
        json={"to_location_id": location_b, "lines": [{"sku_id": sku, "quantity": 2}]},
        headers={**regional, **idem()},
    )
    assert made.status_code == 201, made.text
    transfer_id = made.json()["id"]
    assert client.post(f"{base}/{transfer_id}/ship", headers=regional).status_code == 200
    got = client.post(
        f"/manager/v1/locations/{location_b}/stock/transfers/{transfer_id}/receive",
        json={},
        headers=regional,
    )
    assert got.status_code == 200 and got.json()["status"] == "received"
    assert stock_of(location_b, sku) == (2, 0)
    elsewhere = client.get(
        f"/manager/v1/locations/{theirs.location_id}/stock/transfers", headers=regional
    )
    assert (elsewhere.status_code, elsewhere.json()["error"]["code"]) == (
        404,
        "location_not_found",
    )
