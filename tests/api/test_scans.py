"""POST /mp/v1/scans: the action per kind; forged, revoked and unknown codes refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.platform import ratelimit
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.touchpoints import tokens
from services.touchpoints.models import Scan
from tests import factories

DEVICE = "device-0001"


@pytest.fixture
def place(db):
    region = factories.region()
    store = factories.store(region.id, latitude=31.23, longitude=121.47)
    door = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    return region, store, door


def _scan(client: TestClient, headers: dict | None = None, **body) -> dict:
    response = client.post("/mp/v1/scans", json={"device_id": DEVICE, **body}, headers=headers)
    return {"status": response.status_code, **response.json()}


def test_a_member_at_the_door_checks_in_once_per_window(client: TestClient, place) -> None:
    _, store, door = place
    member = factories.member()
    headers = factories.shopper_headers(member.id)
    first = _scan(client, headers, token=factories.qr_token(door.id))
    assert first["status"] == 201, first
    assert first["action"] == "check_in"
    assert first["check_in"]["new"] is True and first["check_in"]["store_id"] == store.id
    assert first["points_awarded"] == get_settings().checkin_points

    again = _scan(client, headers, scene=door.scene)
    assert again["check_in"]["new"] is False
    assert again["check_in"]["id"] == first["check_in"]["id"]
    assert again["points_awarded"] == 0


def test_an_anonymous_door_scan_asks_to_log_in_and_records_the_device(
    client: TestClient, place
) -> None:
    _, _, door = place
    answer = _scan(client, token=factories.qr_token(door.id))
    assert answer["action"] == "login_to_check_in"
    assert answer["check_in"] is None
    with UnitOfWork() as uow:
        scan = uow.session.get(Scan, answer["scan_id"])
        assert scan is not None and scan.device_id == DEVICE and scan.member_id is None


def test_anonymous_scans_join_the_member_who_logs_in_on_that_device(
    client: TestClient, place
) -> None:
    region, _, _ = place
    poster = factories.touchpoint("poster", region_id=region.id, campaign_code="autumn")
    _scan(client, token=factories.qr_token(poster.id))
    login = client.post("/mp/v1/auth/login", json={"code": "dev-x", "device_id": DEVICE}).json()
    assert login["scans_joined"] == 1
    with UnitOfWork() as uow:
        scan = uow.session.query(Scan).one()
        assert scan.member_id == login["member"]["id"]


def test_forged_codes_are_refused(client: TestClient, place) -> None:
    _, _, door = place
    token = factories.qr_token(door.id)
    body, signature = token.rsplit(".", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert _scan(client, token=f"{body}.{flipped}")["error"]["code"] == "qr_forged"
    wrong_key = tokens.sign(touchpoint_id=door.id, version=1, key_id="k1", key=b"guess")
    assert _scan(client, token=wrong_key)["status"] == 403
    other_kid = tokens.sign(touchpoint_id=door.id, version=1, key_id="k7", key=b"guess")
    assert _scan(client, token=other_kid)["error"]["code"] == "qr_unknown_key"
    assert _scan(client, token="nonsense")["error"]["code"] == "qr_malformed"
    assert _scan(client, scene="NoSuchScene1")["status"] == 404
    assert _scan(client, scene="bad scene!")["error"]["code"] == "qr_malformed"
    with UnitOfWork() as uow:
        assert uow.session.query(Scan).count() == 0


def test_a_revoked_code_is_refused_and_the_new_one_works(client: TestClient, place) -> None:
    region, _, door = place
    old_token, old_scene = factories.qr_token(door.id), door.scene
    manager = factories.manager([region.id])
    revoked = client.post(
        f"/manager/v1/touchpoints/{door.id}/revoke",
        headers=factories.manager_headers(manager.id, (region.id,)),
    )
    assert revoked.status_code == 200, revoked.text
    assert _scan(client, token=old_token)["error"]["code"] == "qr_revoked"
    assert _scan(client, scene=old_scene)["status"] == 404
    assert _scan(client, token=revoked.json()["token"])["status"] == 201


def test_an_inactive_touchpoint_is_refused(client: TestClient, place) -> None:
    region, store, _ = place
    off = factories.touchpoint(
        "store_entrance", region_id=region.id, store_id=store.id, active=False
    )
    assert _scan(client, token=factories.qr_token(off.id))["error"]["code"] == "qr_revoked"


def test_a_shelf_scan_shows_the_product_and_nearby_pickup(client: TestClient, place) -> None:
    region, store, _ = place
    product = factories.product(skus=2)
    with UnitOfWork() as uow:
        from inventory.models import Sku

        sku_ids = [s.id for s in uow.session.query(Sku).filter_by(product_id=product.id)]
    location = factories.location(store_id=store.id)
    factories.stock(location.id, sku_ids[0], 3)
    shelf = factories.touchpoint(
        "shelf", region_id=region.id, store_id=store.id, product_id=product.id
    )
    answer = _scan(client, scene=shelf.scene)
    assert answer["status"] == 201, answer
    assert answer["action"] == "product"
    assert answer["product"]["id"] == product.id
    pickup = answer["availability"]["pickup"]
    assert pickup and pickup[0]["store_id"] == store.id
    held = {line["sku_id"]: (line["level"], line["available"]) for line in pickup[0]["lines"]}
    assert held == {sku_ids[0]: ("low", 3), sku_ids[1]: ("out_of_stock", None)}


def test_guide_card_and_campaign_actions(client: TestClient, place) -> None:
    region, store, _ = place
    guide = factories.guide(store.id)
    card = factories.touchpoint("guide_card", region_id=region.id, guide_id=guide.id)
    answer = _scan(client, scene=card.scene)
    assert answer["action"] == "guide"
    assert answer["guide"]["id"] == guide.id and answer["store"]["id"] == store.id
    poster = factories.touchpoint(
        "campaign", region_id=region.id, campaign_code="spring", landing_path="/c/spring"
    )
    answer = _scan(client, scene=poster.scene)
    assert answer["action"] == "campaign"
    assert answer["campaign"]["code"] == "spring"


def test_scans_are_rate_limited_per_device_and_per_member(
    client: TestClient, place, monkeypatch
) -> None:
    _, _, door = place
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)  # one window throughout
    monkeypatch.setenv("O2O_SCAN_LIMIT_PER_DEVICE", "3")
    monkeypatch.setenv("O2O_SCAN_LIMIT_PER_MEMBER", "4")
    get_settings.cache_clear()
    statuses = [_scan(client, scene=door.scene)["status"] for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    member = factories.member()
    headers = factories.shopper_headers(member.id)
    statuses = [
        client.post(
            "/mp/v1/scans",
            json={"device_id": f"phone-{i:04d}", "scene": door.scene},
            headers=headers,
        ).status_code
        for i in range(5)
    ]
    assert statuses == [201, 201, 201, 201, 429]
    get_settings.cache_clear()


def test_a_bad_shopper_token_is_refused_not_ignored(client: TestClient, place) -> None:
    _, _, door = place
    answer = _scan(client, {"Authorization": "Bearer junk"}, scene=door.scene)
    assert answer["status"] == 401


@pytest.mark.parametrize(
    "body",
    [
        {"device_id": DEVICE},
        {"device_id": DEVICE, "token": "a", "scene": "b"},
        {"scene": "abc"},
        {"device_id": "x", "scene": "abc"},
        {"device_id": DEVICE, "scene": "abc", "latitude": 31},
    ],
)
def test_bad_scan_requests_are_422(client: TestClient, body: dict) -> None:
    assert client.post("/mp/v1/scans", json=body).status_code == 422


def test_points_and_history_show_the_visit(client: TestClient, place) -> None:
    _, store, door = place
    member = factories.member()
    headers = factories.shopper_headers(member.id)
    scanned = _scan(client, headers, scene=door.scene)
    points = client.get("/mp/v1/me/points", headers=headers).json()
    assert [(p["delta"], p["balance_after"]) for p in points] == [(10, 10)]
    history = client.get("/mp/v1/me/history", headers=headers).json()
    assert {(h["kind"], h["touchpoint_id"]) for h in history} == {
        ("check_in", door.id),
        ("scan", door.id),
    }
    assert any(h.get("store_id") == store.id for h in history)
    assert scanned["check_in"]["id"] in {h["details"].get("check_in_id") for h in history}


def test_the_manager_report_credits_visits_to_the_poster_that_brought_them(
    client: TestClient, place
) -> None:
    region, _, door = place
    poster = factories.touchpoint("poster", region_id=region.id, campaign_code="autumn")
    member = factories.member()
    headers = factories.shopper_headers(member.id)
    _scan(client, headers, scene=poster.scene)
    _scan(client, headers, scene=door.scene)
    manager = factories.manager([region.id])
    report = client.get(
        "/manager/v1/touchpoints/performance",
        headers=factories.manager_headers(manager.id, (region.id,)),
    )
    assert report.status_code == 200, report.text
    rows = {r["touchpoint_id"]: (r["scans"], r["check_ins"], r["orders"]) for r in report.json()}
    assert rows == {poster.id: (1, 1, 0), door.id: (1, 0, 0)}
    elsewhere = factories.region()
    other = factories.manager([elsewhere.id])
    hidden = client.get(
        "/manager/v1/touchpoints/performance",
        headers=factories.manager_headers(other.id, (elsewhere.id,)),
    )
    assert hidden.json() == []


def test_the_report_takes_times_with_or_without_a_zone(client: TestClient, place) -> None:
    region, _, _ = place
    manager = factories.manager([region.id])
    headers = factories.manager_headers(manager.id, (region.id,))
    for params in (
        {"start": "2026-01-01T00:00:00"},
        {"start": "2026-01-01T00:00:00+08:00", "end": "2026-02-01T00:00:00"},
    ):
        response = client.get("/manager/v1/touchpoints/performance", params=params, headers=headers)
        assert response.status_code == 200, response.text
    backwards = {"start": "2026-02-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"}
    response = client.get("/manager/v1/touchpoints/performance", params=backwards, headers=headers)
    assert response.status_code == 422
