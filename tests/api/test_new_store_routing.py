"""A newly opened store leads the store finder and pickup for the members around it."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from services.platform.db import utcnow
from tests import factories

HERE = {"lat": 31.23, "lon": 121.47}


def test_the_store_finder_puts_a_new_store_first_in_its_catchment(client: TestClient) -> None:
    region = factories.region()
    near = factories.store(region.id, latitude=31.239, longitude=121.47)  # 1 km
    second = factories.store(region.id, latitude=31.248, longitude=121.47)  # 2 km
    new = factories.store(
        region.id, latitude=31.266, longitude=121.47, opened_on=utcnow() - timedelta(days=10)
    )  # 4 km, inside the 5 km catchment, opened 10 days ago
    items = client.get("/mp/v1/stores", params={**HERE, "limit": 2}).json()["items"]
    assert [s["id"] for s in items] == [new.id, near.id]
    assert items[0]["distance_km"] > items[1]["distance_km"]
    # Beyond its catchment (a member farther south), the plain order holds.
    south = {"lat": 31.22, "lon": 121.47}
    far = client.get("/mp/v1/stores", params={**south, "limit": 3}).json()["items"]
    assert [s["id"] for s in far] == [near.id, second.id, new.id]


def test_pickup_boosts_the_new_store_but_never_hides_a_nearer_whole_cart(
    client: TestClient,
) -> None:
    region = factories.region()
    sku = factories.sku()
    old = factories.store(region.id, latitude=31.239, longitude=121.47)  # 1 km
    new = factories.store(
        region.id, latitude=31.257, longitude=121.47, opened_on=utcnow() - timedelta(days=3)
    )  # 3 km
    for store in (old, new):
        factories.stock(factories.location(store_id=store.id).id, sku, 5)
    body = {"lines": [{"sku_id": sku, "quantity": 1}], **HERE}
    both = client.post("/mp/v1/availability", json={**body, "limit": 2}).json()["pickup"]
    assert [p["store_id"] for p in both] == [new.id, old.id]
    one = client.post("/mp/v1/availability", json={**body, "limit": 1}).json()["pickup"]
    assert [p["store_id"] for p in one] == [old.id]  # the nearer whole cart stays shown
