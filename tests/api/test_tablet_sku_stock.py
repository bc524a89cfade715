"""A SKU's stock on the tablet: exact counts here, and the nearest stores that hold it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories
from tests.shop import open_shop, place_order


def _store_with(region_id: int, sku_id: int, units: int, lat: float, lon: float) -> int:
    store = factories.store(region_id, latitude=lat, longitude=lon)
    location = factories.location(store_id=store.id)
    factories.stock(location.id, sku_id, units)
    return store.id


def test_a_guide_sees_this_store_exactly_and_the_nearest_stores_holding_it(
    client: TestClient,
) -> None:
    shop = open_shop(units=3)  # at 31.23, 121.47
    sku = shop.sku_ids[0]
    near = _store_with(shop.region_id, sku, 4, 31.24, 121.48)
    further = _store_with(shop.region_id, sku, 1, 31.30, 121.55)
    _store_with(shop.region_id, sku, 0, 31.235, 121.475)  # close, but none to give
    _store_with(shop.region_id, sku, 9, 39.90, 116.40)  # Beijing: out of range
    # After the stores exist: the nearby directory is a snapshot kept for a few seconds.
    place_order(shop, quantity=2)  # two of the three are held for an order
    seen = client.get(f"/tablet/v1/skus/{sku}/stock", headers=shop.guide())
    assert seen.status_code == 200, seen.text
    view = seen.json()
    assert (view["store_id"], view["on_hand"], view["reserved"], view["available"]) == (
        shop.store_id,
        3,
        2,
        1,
    )
    assert view["level"] == "low"
    elsewhere = [(o["store_id"], o["lines"][0]["available"]) for o in view["elsewhere"]]
    assert elsewhere == [(near, 4), (further, 1)]  # nearest first, this store left out
    assert view["elsewhere"][0]["distance_km"] < view["elsewhere"][1]["distance_km"]
    one = client.get(f"/tablet/v1/skus/{sku}/stock", params={"limit": 1}, headers=shop.guide())
    assert [o["store_id"] for o in one.json()["elsewhere"]] == [near]


def test_an_unknown_sku_is_404_and_a_sku_never_stocked_here_is_zero(client: TestClient) -> None:
    shop = open_shop()
    missing = client.get("/tablet/v1/skus/99999999/stock", headers=shop.guide())
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "sku_not_found"
    other_sku = factories.sku()
    none = client.get(f"/tablet/v1/skus/{other_sku}/stock", headers=shop.guide()).json()
    assert (none["on_hand"], none["available"], none["level"], none["elsewhere"]) == (
        0,
        0,
        "out_of_stock",
        [],
    )
