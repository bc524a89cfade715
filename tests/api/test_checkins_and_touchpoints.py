"""Tablet check-in queue (guide's store only) and manager touchpoints (regions only)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from stores.client import LocalStoresClient
from tests import factories


def _check_in(store_id: int, member_id: int) -> None:
    with UnitOfWork() as uow:
        LocalStoresClient(uow.session).check_in(
            store_id=store_id, member_id=member_id, at=utcnow(), window=timedelta(hours=2)
        )
        uow.commit()


def test_a_guide_sees_only_their_own_stores_check_ins(client: TestClient) -> None:
    region = factories.region()
    store_a, store_b = factories.store(region.id), factories.store(region.id)
    guide_a = factories.guide(store_a.id)
    alice, bob = factories.member(name="Alice"), factories.member(name="Bob")
    _check_in(store_a.id, alice.id)
    _check_in(store_b.id, bob.id)

    response = client.get(
        "/tablet/v1/checkins", headers=factories.guide_headers(guide_a.id, store_a.id)
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(c["store_id"], c["member_name"]) for c in items] == [(store_a.id, "Alice")]
    assert client.get("/tablet/v1/checkins").status_code == 401
    shopper = client.get("/tablet/v1/checkins", headers=factories.shopper_headers(alice.id))
    assert shopper.status_code == 401


def test_manager_creates_touchpoints_only_in_their_regions(client: TestClient) -> None:
    east, west = factories.region(), factories.region()
    east_store, west_store = factories.store(east.id), factories.store(west.id)
    manager = factories.manager([east.id])
    headers = factories.manager_headers(manager.id, (east.id,))
    body = {"kind": "store_entrance", "name": "Main door", "store_id": east_store.id}

    created = client.post(
        "/manager/v1/touchpoints", json=body, headers={**headers, "Idempotency-Key": "k-1"}
    )
    assert created.status_code == 201, created.text
    codes = created.json()
    assert codes["region_id"] == east.id and codes["token"].startswith("t1.k1.")
    assert codes["link"].endswith(codes["token"]) and len(codes["scene"]) <= 32
    replay = client.post(
        "/manager/v1/touchpoints", json=body, headers={**headers, "Idempotency-Key": "k-1"}
    )
    assert replay.status_code == 201 and replay.json()["id"] == codes["id"]
    reused = client.post(
        "/manager/v1/touchpoints",
        json={**body, "name": "Other"},
        headers={**headers, "Idempotency-Key": "k-1"},
    )
    assert reused.status_code == 409
    assert client.post("/manager/v1/touchpoints", json=body, headers=headers).status_code == 422

    foreign = client.post(
        "/manager/v1/touchpoints",
        json={**body, "store_id": west_store.id},
        headers={**headers, "Idempotency-Key": "k-2"},
    )
    assert foreign.status_code == 403
    west_manager = factories.manager([west.id])
    west_headers = factories.manager_headers(west_manager.id, (west.id,))
    assert (
        client.get(f"/manager/v1/touchpoints/{codes['id']}", headers=west_headers).status_code
        == 404
    )
    assert client.get("/manager/v1/touchpoints", headers=west_headers).json()["total"] == 0
    listed = client.get("/manager/v1/touchpoints", headers=headers).json()
    assert [t["id"] for t in listed["items"]] == [codes["id"]]


def test_touchpoint_links_are_checked(client: TestClient) -> None:
    region = factories.region()
    store, other = factories.store(region.id), factories.store(region.id)
    guide = factories.guide(other.id)
    manager = factories.manager([], username="boss")
    headers = {**factories.manager_headers(manager.id, hq=True), "Idempotency-Key": "k"}
    cases = [
        ({"kind": "shelf", "name": "s", "store_id": store.id}, 422),
        ({"kind": "shelf", "name": "s", "store_id": store.id, "product_id": 999}, 404),
        ({"kind": "guide_card", "name": "g", "store_id": store.id, "guide_id": guide.id}, 422),
        ({"kind": "store_entrance", "name": "d", "region_id": region.id}, 422),
        ({"kind": "poster", "name": "p"}, 422),
        ({"kind": "kiosk", "name": "k", "store_id": store.id}, 422),
        ({"kind": "poster", "name": "p", "region_id": region.id, "active": False}, 422),
    ]
    for n, (body, status) in enumerate(cases):
        response = client.post(
            "/manager/v1/touchpoints", json=body, headers={**headers, "Idempotency-Key": f"k{n}"}
        )
        assert response.status_code == status, (body, response.text)


def test_a_touchpoint_cannot_name_a_guide_from_another_region(client: TestClient) -> None:
    east, west = factories.region(), factories.region()
    east_store, west_store = factories.store(east.id), factories.store(west.id)
    east_guide, west_guide = factories.guide(east_store.id), factories.guide(west_store.id)
    manager = factories.manager([east.id])
    headers = factories.manager_headers(manager.id, (east.id,))

    def create(body: dict, headers: dict[str, str], key: str) -> tuple[int, str]:
        answer = client.post(
            "/manager/v1/touchpoints", json=body, headers={**headers, "Idempotency-Key": key}
        )
        return answer.status_code, answer.json().get("error", {}).get("code", "")

    poster = {"kind": "poster", "name": "p", "region_id": east.id}
    # West's guide on an east poster would credit west's guide with east's scans.
    assert create({**poster, "guide_id": west_guide.id}, headers, "a") == (404, "guide_not_found")
    card = {"kind": "guide_card", "name": "g", "region_id": east.id}
    assert create({**card, "guide_id": west_guide.id}, headers, "b") == (404, "guide_not_found")
    hq = factories.manager([], hq=True)
    hq_headers = factories.manager_headers(hq.id, hq=True)
    assert create({**poster, "guide_id": west_guide.id}, hq_headers, "c") == (
        422,
        "guide_region_mismatch",
    )
    assert create({**card, "guide_id": east_guide.id}, headers, "d")[0] == 201


def test_qr_images_and_the_printable_sheet(client: TestClient) -> None:
    region = factories.region()
    store = factories.store(region.id)
    door = factories.touchpoint(
        "store_entrance", region_id=region.id, store_id=store.id, name="Door <A>"
    )
    manager = factories.manager([region.id])
    headers = factories.manager_headers(manager.id, (region.id,))
    png = client.get(f"/manager/v1/touchpoints/{door.id}/qr.png", headers=headers)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    svg = client.get(f"/manager/v1/touchpoints/{door.id}/qr.svg", headers=headers)
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
    sheet = client.get(f"/manager/v1/stores/{store.id}/touchpoints/sheet", headers=headers)
    assert sheet.status_code == 200 and door.scene in sheet.text
    assert "Door &lt;A&gt;" in sheet.text
    elsewhere = factories.region()
    outsider = factories.manager([elsewhere.id])
    other = factories.manager_headers(outsider.id, (elsewhere.id,))
    assert client.get(f"/manager/v1/touchpoints/{door.id}/qr.png", headers=other).status_code == 404
    assert (
        client.get(f"/manager/v1/stores/{store.id}/touchpoints/sheet", headers=other).status_code
        == 404
    )


def test_deactivating_and_renaming(client: TestClient) -> None:
    region = factories.region()
    poster = factories.touchpoint("poster", region_id=region.id)
    manager = factories.manager([region.id])
    headers = factories.manager_headers(manager.id, (region.id,))
    changed = client.patch(
        f"/manager/v1/touchpoints/{poster.id}",
        json={"active": False, "name": "Old poster"},
        headers=headers,
    )
    assert changed.status_code == 200 and changed.json()["active"] is False
    refused = client.patch(
        f"/manager/v1/touchpoints/{poster.id}", json={"token_version": 9}, headers=headers
    )
    assert refused.status_code == 422
