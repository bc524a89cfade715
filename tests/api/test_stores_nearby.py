"""GET /mp/v1/stores: open stores nearest first, distances in km."""

from __future__ import annotations

from fastapi.testclient import TestClient
from geopy.distance import great_circle

from tests import factories


def test_nearest_open_stores_first_with_distance(client: TestClient) -> None:
    region = factories.region()
    near = factories.store(region.id, latitude=31.2304, longitude=121.4737)
    far = factories.store(region.id, latitude=31.30, longitude=121.50)
    factories.store(region.id, latitude=31.231, longitude=121.474, status="closed")
    factories.store(region.id, latitude=31.232, longitude=121.474, status="planned")
    factories.store(region.id, latitude=39.90, longitude=116.40)  # Beijing: out of range

    response = client.get("/mp/v1/stores", params={"lat": 31.23, "lon": 121.47, "radius_km": 20})

    assert response.status_code == 200
    items = response.json()["items"]
    assert [s["id"] for s in items] == [near.id, far.id]
    expected = great_circle((31.23, 121.47), (31.30, 121.50)).km
    assert abs(items[1]["distance_km"] - expected) < 0.001
    assert items[0]["distance_km"] < items[1]["distance_km"]
    assert len(items[0]["hours"]) == 7


def test_limit_and_radius_are_validated(client: TestClient) -> None:
    for params in (
        {"lat": 31.2, "lon": 121.4, "limit": 0},
        {"lat": 31.2, "lon": 121.4, "limit": 1000},
        {"lat": 31.2, "lon": 121.4, "radius_km": -1},
        {"lat": 91, "lon": 121.4},
        {"lat": "north", "lon": 121.4},
        {"lon": 121.4},
    ):
        response = client.get("/mp/v1/stores", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "invalid_input"


def test_a_store_that_closes_leaves_the_results_after_refresh(client: TestClient) -> None:
    from services.platform.uow import UnitOfWork
    from stores.client import store_directory
    from stores.models import Store

    region = factories.region()
    store = factories.store(region.id)
    params = {"lat": 31.23, "lon": 121.47}
    assert [s["id"] for s in client.get("/mp/v1/stores", params=params).json()["items"]] == [
        store.id
    ]
    with UnitOfWork() as uow:
        row = uow.session.get(Store, store.id)
        assert row is not None
        row.status = "closed"
        uow.commit()
    store_directory().invalidate()
    assert client.get("/mp/v1/stores", params=params).json()["items"] == []
