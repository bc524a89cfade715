"""Managers define coupons in their regions and issue them; shoppers see their wallet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.platform import ratelimit
from services.platform.db import utcnow
from services.platform.settings import get_settings
from tests import factories
from tests.shop import idem


def _coupon_body(**changes: Any) -> dict[str, Any]:
    return {
        "name": "20 off 199",
        "kind": "amount_off",
        "amount_off_fen": 2000,
        "min_spend_fen": 19900,
        "valid_from": "2026-01-01T00:00:00+08:00",
        "valid_until": "2099-01-01T00:00:00+08:00",
        **changes,
    }


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def set_limits(**values: int) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"O2O_{name.upper()}", str(value))
        get_settings.cache_clear()

    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)
    yield set_limits
    get_settings.cache_clear()


def test_a_regional_manager_creates_coupons_only_inside_their_regions(client: TestClient) -> None:
    east, north = factories.region(), factories.region()
    east_store, north_store = factories.store(east.id), factories.store(north.id)
    headers = factories.new_manager_headers((east.id,))

    def create(**changes: Any):
        return client.post(
            "/manager/v1/coupons", json=_coupon_body(**changes), headers={**headers, **idem()}
        )

    assert create().json()["error"]["code"] == "coupon_needs_region"
    assert create(region_ids=[north.id]).json()["error"]["code"] == "region_forbidden"
    assert create(store_ids=[north_store.id]).json()["error"]["code"] == "store_not_found"
    by_region = create(region_ids=[east.id])
    by_store = create(store_ids=[east_store.id])
    assert (by_region.status_code, by_store.status_code) == (201, 201)

    hq = factories.new_manager_headers(hq=True)
    national = client.post("/manager/v1/coupons", json=_coupon_body(), headers={**hq, **idem()})
    assert national.status_code == 201
    listed = client.get("/manager/v1/coupons", headers=headers).json()
    assert {c["id"] for c in listed["items"]} == {by_region.json()["id"], by_store.json()["id"]}
    assert client.get("/manager/v1/coupons", headers=hq).json()["total"] == 3
    hidden = client.get(f"/manager/v1/coupons/{national.json()['id']}", headers=headers)
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "coupon_not_found"


def test_create_replays_under_the_same_key_and_refuses_bad_terms(client: TestClient) -> None:
    hq = {**factories.new_manager_headers(hq=True), "Idempotency-Key": "coupon-1"}
    body = _coupon_body(kind="percent_off", amount_off_fen=None, percent_off=15, max_off_fen=6000)
    first = client.post("/manager/v1/coupons", json=body, headers=hq)
    again = client.post("/manager/v1/coupons", json=body, headers=hq)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert client.get("/manager/v1/coupons", headers=hq).json()["total"] == 1
    other = client.post("/manager/v1/coupons", json={**body, "name": "other"}, headers=hq)
    assert other.status_code == 409
    for bad in (
        _coupon_body(percent_off=10),  # amount off with a percentage
        _coupon_body(kind="percent_off"),  # percent off without one
        _coupon_body(valid_until="2025-01-01T00:00:00Z"),  # ends before it starts
        _coupon_body(valid_from="0001-01-01T00:00:00+05:00"),  # far-off year
        _coupon_body(channels=["telepathy"]),
    ):
        refused = client.post("/manager/v1/coupons", json=bad, headers={**hq, **idem()})
        assert refused.status_code == 422, bad


def test_issue_by_ids_and_by_segment_once_per_member_then_the_wallet_shows_it(
    client: TestClient,
) -> None:
    hq = factories.new_manager_headers(hq=True)
    made = client.post("/manager/v1/coupons", json=_coupon_body(), headers={**hq, **idem()})
    coupon_id = made.json()["id"]
    shanghai = [factories.member(home_city="Shanghai").id for _ in range(3)]
    beijing = factories.member(home_city="Beijing").id
    issues = f"/manager/v1/coupons/{coupon_id}/issues"

    by_ids = client.post(
        issues, json={"member_ids": [shanghai[0], beijing, 2_000_000]}, headers={**hq, **idem()}
    )
    assert by_ids.status_code == 201
    assert by_ids.json() == {"coupon_id": coupon_id, "issued": 2, "already_held": 0}
    segment = client.post(
        issues, json={"segment": {"home_city": "Shanghai"}}, headers={**hq, **idem()}
    )
    assert segment.json() == {"coupon_id": coupon_id, "issued": 2, "already_held": 1}
    neither = client.post(issues, json={}, headers={**hq, **idem()})
    assert neither.status_code == 422

    wallet = client.get("/mp/v1/coupons", headers=factories.shopper_headers(shanghai[1]))
    assert wallet.status_code == 200
    [held] = wallet.json()
    assert held["state"] == "usable" and held["coupon"]["id"] == coupon_id
    assert held["order_number"] is None
    empty = client.get("/mp/v1/coupons", headers=factories.shopper_headers(factories.member().id))
    assert empty.json() == []


def test_the_wallet_orders_usable_before_upcoming_and_expired(client: TestClient) -> None:
    member = factories.member()
    now = utcnow()
    expired = factories.coupon(valid_from=now - timedelta(days=9), valid_until=now)
    upcoming = factories.coupon(valid_from=now + timedelta(days=1))
    usable = factories.coupon()
    for c in (expired, upcoming, usable):
        factories.wallet_coupon(c.id, member.id)
    wallet = client.get("/mp/v1/coupons", headers=factories.shopper_headers(member.id)).json()
    assert [(w["coupon"]["id"], w["state"]) for w in wallet] == [
        (usable.id, "usable"),
        (upcoming.id, "upcoming"),
        (expired.id, "expired"),
    ]


def test_issuing_is_limited_per_manager_and_per_request(client: TestClient, limits) -> None:
    limits(coupon_issues_per_manager=2, coupon_issue_max_members=2)
    region = factories.region()
    headers = factories.new_manager_headers((region.id,))
    made = client.post(
        "/manager/v1/coupons",
        json=_coupon_body(region_ids=[region.id]),
        headers={**headers, **idem()},
    )
    issues = f"/manager/v1/coupons/{made.json()['id']}/issues"
    members = [factories.member().id for _ in range(3)]
    too_many = client.post(issues, json={"member_ids": members}, headers={**headers, **idem()})
    assert too_many.status_code == 409 and too_many.json()["error"]["code"] == "issue_too_large"
    segment = client.post(issues, json={"segment": {}}, headers={**headers, **idem()})
    assert segment.json()["error"]["code"] == "issue_too_large"
    limited = client.post(issues, json={"member_ids": members[:1]}, headers={**headers, **idem()})
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "coupon_issue_rate_limited"
    assert "Retry-After" in limited.headers


def test_an_expired_coupon_is_not_issued(client: TestClient) -> None:
    hq = factories.new_manager_headers(hq=True)
    now = utcnow()
    old = factories.coupon(valid_from=now - timedelta(days=9), valid_until=now)
    refused = client.post(
        f"/manager/v1/coupons/{old.id}/issues",
        json={"member_ids": [factories.member().id]},
        headers={**hq, **idem()},
    )
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "coupon_expired"
