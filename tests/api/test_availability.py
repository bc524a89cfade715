"""GET|POST /mp/v1/availability: whole-cart stores nearest first, partial ones marked, delivery."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories


def _world() -> dict[str, int]:
    region = factories.region()
    product = factories.product(skus=2)
    from sqlalchemy import select

    from inventory.models import Sku
    from services.platform.uow import UnitOfWork

    with UnitOfWork() as uow:
        a, b = uow.session.scalars(
            select(Sku.id).where(Sku.product_id == product.id).order_by(Sku.id)
        ).all()
    stores = {
        "partial_nearest": factories.store(region.id, latitude=31.2301, longitude=121.4701),
        "whole_near": factories.store(region.id, latitude=31.24, longitude=121.48),
        "whole_far": factories.store(region.id, latitude=31.30, longitude=121.55),
        "empty": factories.store(region.id, latitude=31.231, longitude=121.471),
        "no_pickup": factories.store(
            region.id, latitude=31.2302, longitude=121.4702, pickup_enabled=False
        ),
    }
    stock = {
        "partial_nearest": (2, 0),
        "whole_near": (2, 1),
        "whole_far": (5, 5),
        "empty": (0, 0),
        "no_pickup": (9, 9),
    }
    for name, store in stores.items():
        location = factories.location(store_id=store.id)
        factories.stock(location.id, a, stock[name][0])
        factories.stock(location.id, b, stock[name][1])
    warehouse = factories.location(code="WH-EAST")
    factories.stock(warehouse.id, a, 100)
    factories.stock(warehouse.id, b, 100)
    return {"a": a, "b": b, **{k: s.id for k, s in stores.items()}}


def test_whole_cart_stores_first_by_distance_then_partial(client: TestClient) -> None:
    world = _world()
    body = {
        "lines": [{"sku_id": world["a"], "quantity": 1}, {"sku_id": world["b"], "quantity": 1}],
        "lat": 31.23,
        "lon": 121.47,
    }
    answer = client.post("/mp/v1/availability", json=body)
    assert answer.status_code == 200, answer.text
    pickup = answer.json()["pickup"]
    assert [p["store_id"] for p in pickup] == [
        world["whole_near"],
        world["whole_far"],
        world["partial_nearest"],
    ]
    assert [p["complete"] for p in pickup] == [True, True, False]
    assert pickup[0]["ready_at"] is not None and pickup[2]["ready_at"] is None
    assert pickup[0]["distance_km"] < pickup[1]["distance_km"]
    assert answer.json()["delivery"] == {
        "available": True,
        "location_code": "WH-EAST",
        "lines": [
            {"sku_id": world["a"], "requested": 1, "level": "in_stock", "available": None},
            {"sku_id": world["b"], "requested": 1, "level": "in_stock", "available": None},
        ],
    }
    same = client.get(
        "/mp/v1/availability",
        params={"items": f"{world['a']}:1,{world['b']}:1", "lat": 31.23, "lon": 121.47},
    )

    def without_clock(body: dict) -> dict:
        return {**body, "pickup": [{**p, "ready_at": None} for p in body["pickup"]]}

    assert without_clock(same.json()) == without_clock(answer.json())


def test_quantities_count_and_unknown_skus_are_named(client: TestClient) -> None:
    world = _world()
    answer = client.get(
        "/mp/v1/availability",
        params={"items": f"{world['a']}:3", "lat": 31.23, "lon": 121.47},
    ).json()
    assert [p["store_id"] for p in answer["pickup"] if p["complete"]] == [world["whole_far"]]
    missing = client.get(
        "/mp/v1/availability", params={"items": "999999:1", "lat": 31.23, "lon": 121.47}
    )
    assert missing.status_code == 404
    assert missing.json()["error"]["details"] == {"sku_ids": [999999]}
    garbage = client.get(
        "/mp/v1/availability", params={"items": "a:b", "lat": 31.23, "lon": 121.47}
    )
    assert garbage.status_code == 422


def test_shoppers_see_stock_levels_and_guides_see_counts(client: TestClient) -> None:
    world = _world()
    body = {
        "lines": [{"sku_id": world["a"], "quantity": 1}, {"sku_id": world["b"], "quantity": 1}],
        "lat": 31.23,
        "lon": 121.47,
    }

    def lines(answer: dict) -> dict[int, list[tuple[str, int | None]]]:
        return {
            p["store_id"]: [(line["level"], line["available"]) for line in p["lines"]]
            for p in answer["pickup"]
        }

    shopper = client.post("/mp/v1/availability", json=body)
    assert shopper.status_code == 200, shopper.text
    # Stock 2/1 and 5/5 are low (at or below 5): the count is shown; 2/0 has one gone.
    assert lines(shopper.json()) == {
        world["whole_near"]: [("low", 2), ("low", 1)],
        world["whole_far"]: [("low", 5), ("low", 5)],
        world["partial_nearest"]: [("low", 2), ("out_of_stock", None)],
    }
    assert [line["available"] for line in shopper.json()["delivery"]["lines"]] == [None, None]

    store = factories.store(factories.region().id)
    guide = factories.guide(store.id)
    staff = client.post(
        "/tablet/v1/availability", json=body, headers=factories.guide_headers(guide.id, store.id)
    )
    assert staff.status_code == 200, staff.text
    assert lines(staff.json())[world["partial_nearest"]] == [("low", 2), ("out_of_stock", 0)]
    delivery = staff.json()["delivery"]["lines"]
    assert [(line["level"], line["available"]) for line in delivery] == [
        ("in_stock", 100),
        ("in_stock", 100),
    ]
    # Shoppers cannot ask for the staff view.
    assert client.post("/tablet/v1/availability", json=body).status_code == 401
