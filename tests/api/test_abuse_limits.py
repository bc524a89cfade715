"""Hoarding: placements per shopper and per address, units per SKU, scans per address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from inventory.models import Sku
from services.platform import ratelimit
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import idem, open_shop


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set ``O2O_*`` limits for one test (settings are re-read); the rate window stands still."""

    class Setter:
        def __call__(self, **values: int) -> None:
            for name, value in values.items():
                monkeypatch.setenv(f"O2O_{name.upper()}", str(value))
            get_settings.cache_clear()

    # One window for the whole test: a slow run must not straddle two minutes.
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)
    yield Setter()  # type: ignore[misc]
    get_settings.cache_clear()


def _place(client: TestClient, headers: dict[str, str], body: dict) -> dict:
    response = client.post("/mp/v1/orders", json=body, headers={**headers, **idem()})
    return {**response.json(), "http": response.status_code, "headers": response.headers}


def test_a_burst_from_one_shopper_is_cut_off_at_the_limit(client: TestClient, limits) -> None:
    limits(order_limit_per_member=3, open_orders_per_member=50)
    shop = open_shop(units=20)
    answers = [_place(client, shop.shopper(), shop.order_body()) for _ in range(5)]
    assert [a["http"] for a in answers] == [201, 201, 201, 429, 429]
    refused = answers[3]
    assert refused["error"]["code"] == "order_rate_limited"
    assert refused["error"]["details"]["limit"] == "member"
    assert 1 <= int(refused["headers"]["retry-after"]) <= 60
    # Someone else buys on.
    other = factories.member()
    assert _place(client, shop.shopper(other.id), shop.order_body())["http"] == 201


def test_a_burst_from_one_address_is_cut_off_whatever_it_claims(client: TestClient, limits) -> None:
    limits(order_limit_per_ip=3)
    shop = open_shop(units=20)
    statuses = []
    for i in range(4):
        shopper = factories.member()
        # No trusted proxy configured: a forged X-Forwarded-For changes nothing.
        headers = {**shop.shopper(shopper.id), "X-Forwarded-For": f"203.0.113.{i}"}
        statuses.append(_place(client, headers, shop.order_body()))
    assert [s["http"] for s in statuses] == [201, 201, 201, 429]
    assert statuses[3]["error"]["details"]["limit"] == "ip"


def test_units_of_one_sku_per_order_are_capped(client: TestClient, limits) -> None:
    limits(units_per_sku=4)
    shop = open_shop(units=50, skus=2)
    sale, other = shop.sku_ids
    over = _place(client, shop.shopper(), shop.order_body(quantity=5))
    assert over["http"] == 409, over
    assert over["error"]["code"] == "purchase_limit_exceeded"
    assert over["error"]["details"] == {"sku_id": sale, "limit": 4}
    # The same SKU on two lines counts once, summed.
    split = {
        **shop.order_body(),
        "lines": [{"sku_id": sale, "quantity": 3}, {"sku_id": sale, "quantity": 2}],
    }
    assert _place(client, shop.shopper(), split)["http"] == 409
    assert _place(client, shop.shopper(), shop.order_body(quantity=4))["http"] == 201

    # A sale item with its own limit: two per customer, whatever the default.
    with UnitOfWork() as uow:
        uow.session.get_one(Sku, other).purchase_limit = 2
        uow.commit()
    body = {**shop.order_body(), "lines": [{"sku_id": other, "quantity": 3}]}
    refused = _place(client, shop.shopper(), body)
    assert refused["error"]["details"] == {"sku_id": other, "limit": 2}
    body["lines"][0]["quantity"] = 2
    assert _place(client, shop.shopper(), body)["http"] == 201


def test_scans_are_limited_per_address_when_the_device_id_rotates(
    client: TestClient, limits
) -> None:
    limits(scan_limit_per_ip=3)
    region = factories.region()
    store = factories.store(region.id)
    door = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    statuses = [
        client.post("/mp/v1/scans", json={"device_id": f"rotated-{i:04d}", "scene": door.scene})
        for i in range(4)
    ]
    assert [s.status_code for s in statuses] == [201, 201, 201, 429]
    assert statuses[3].json()["error"]["details"]["limit"] == "ip"
    assert "retry-after" in statuses[3].headers
