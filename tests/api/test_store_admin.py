"""Managers create and run stores in their own regions; closing cancels what was booked."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notifications.models import Delivery
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from stores.store_admin import check_move
from tests import factories
from tests.booking import at, day_ahead, open_salon
from tests.shop import idem


def _store(region_id: int, **fields: object) -> dict[str, object]:
    return {
        "code": f"NEW-{region_id}",
        "name": "Yunshan Riverside",
        "region_id": region_id,
        "city": "Hangzhou",
        "address": "1 Riverside Road",
        "latitude": 30.25,
        "longitude": 120.17,
        "timezone": "Asia/Shanghai",
        "hours": [{"weekday": d, "opens_at": "10:00", "closes_at": "21:00"} for d in range(7)],
        **fields,
    }


def test_status_moves_planned_open_closed() -> None:
    check_move("planned", "open")
    check_move("open", "closed")
    check_move("open", "open")
    for current, wanted in (("open", "planned"), ("closed", "open"), ("closed", "planned")):
        with pytest.raises(Conflict):
            check_move(current, wanted)


def test_a_manager_creates_and_opens_a_store_in_their_region_only(client: TestClient) -> None:
    mine, theirs = factories.region(), factories.region()
    headers = factories.manager_headers(factories.manager([mine.id]).id, (mine.id,))
    key = idem()
    created = client.post("/manager/v1/stores", json=_store(mine.id), headers={**headers, **key})
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "planned" and len(created.json()["hours"]) == 7
    again = client.post("/manager/v1/stores", json=_store(mine.id), headers={**headers, **key})
    assert again.json()["id"] == created.json()["id"]
    foreign = client.post(
        "/manager/v1/stores", json=_store(theirs.id), headers={**headers, **idem()}
    )
    assert foreign.status_code == 404
    bad_zone = client.post(
        "/manager/v1/stores",
        json=_store(mine.id, code="X2", timezone="Mars/Olympus"),
        headers={**headers, **idem()},
    )
    assert bad_zone.status_code == 422
    twice = client.post(
        "/manager/v1/stores",
        json=_store(
            mine.id,
            code="X3",
            hours=[{"weekday": 1, "opens_at": "10:00", "closes_at": "12:00"}] * 2,
        ),
        headers={**headers, **idem()},
    )
    assert twice.status_code == 422
    store_id = created.json()["id"]
    opened = client.patch(
        f"/manager/v1/stores/{store_id}",
        json={"status": "open", "timezone": "Europe/London"},
        headers=headers,
    )
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert opened.json()["timezone"] == "Europe/London"
    back = client.patch(
        f"/manager/v1/stores/{store_id}", json={"status": "planned"}, headers=headers
    )
    assert back.status_code == 409 and back.json()["error"]["code"] == "store_status"
    moved = client.patch(
        f"/manager/v1/stores/{store_id}", json={"region_id": theirs.id}, headers=headers
    )
    assert moved.status_code == 404
    null = client.patch(f"/manager/v1/stores/{store_id}", json={"name": None}, headers=headers)
    assert null.status_code == 422
    other = factories.store(theirs.id)
    assert (
        client.patch(
            f"/manager/v1/stores/{other.id}", json={"name": "Mine now"}, headers=headers
        ).status_code
        == 404
    )


def test_closing_a_store_cancels_upcoming_appointments_and_tells_shoppers(
    client: TestClient,
) -> None:
    salon = open_salon()
    member = factories.member().id
    booked = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": salon.store_id,
            "service_id": salon.service_id,
            "starts_at": at(day_ahead(), 11).isoformat(),
        },
        headers={**factories.shopper_headers(member), **idem()},
    )
    assert booked.status_code == 201
    headers = factories.manager_headers(factories.manager([salon.region_id]).id, (salon.region_id,))
    closed = client.patch(
        f"/manager/v1/stores/{salon.store_id}", json={"status": "closed"}, headers=headers
    )
    assert closed.status_code == 200
    mine = client.get(
        f"/mp/v1/appointments/{booked.json()['id']}", headers=factories.shopper_headers(member)
    )
    assert mine.json()["status"] == "cancelled" and mine.json()["cancelled_by"] == "manager"
    with UnitOfWork() as uow:
        told = uow.session.scalars(
            select(Delivery.member_id).where(Delivery.template == "appointment_cancelled_by_store")
        ).all()
    assert told == [member]


def test_hq_cannot_place_a_store_in_a_region_that_does_not_exist(client: TestClient) -> None:
    # Found by the fuzz walk: HQ's scope is every region, so the scope check let an unknown
    # region through to the foreign key (a 500) instead of answering region_not_found.
    region = factories.region()
    headers = factories.manager_headers(factories.manager([], hq=True).id, hq=True)
    missing = region.id + 1000
    created = client.post("/manager/v1/stores", json=_store(missing), headers={**headers, **idem()})
    assert created.status_code == 404 and created.json()["error"]["code"] == "region_not_found"
    store = client.post("/manager/v1/stores", json=_store(region.id), headers={**headers, **idem()})
    assert store.status_code == 201, store.text
    moved = client.patch(
        f"/manager/v1/stores/{store.json()['id']}", json={"region_id": missing}, headers=headers
    )
    assert moved.status_code == 404 and moved.json()["error"]["code"] == "region_not_found"


def test_a_regional_manager_places_stores_inside_their_regions_area_only(
    client: TestClient,
) -> None:
    zhejiang = factories.region(area=(27.0, 118.0, 31.2, 123.0))
    unmapped = factories.region(area=None)
    headers = factories.new_manager_headers((zhejiang.id, unmapped.id))
    beijing = _store(zhejiang.id, latitude=39.9, longitude=116.4)
    outside = client.post("/manager/v1/stores", json=beijing, headers={**headers, **idem()})
    assert outside.status_code == 422
    assert outside.json()["error"]["code"] == "store_outside_region"
    inside = client.post(
        "/manager/v1/stores", json=_store(zhejiang.id), headers={**headers, **idem()}
    )
    assert inside.status_code == 201, inside.text
    moved = client.patch(
        f"/manager/v1/stores/{inside.json()['id']}", json={"latitude": 39.9}, headers=headers
    )
    assert moved.json()["error"]["code"] == "store_outside_region"
    no_area = client.post(
        "/manager/v1/stores", json=_store(unmapped.id), headers={**headers, **idem()}
    )
    assert no_area.status_code == 409
    assert no_area.json()["error"]["code"] == "region_area_unset"
    hq = factories.new_manager_headers(hq=True)
    by_hq = client.post(
        "/manager/v1/stores",
        json={**beijing, "code": "HQ-BJ"},
        headers={**hq, **idem()},
    )
    assert by_hq.status_code == 201, by_hq.text


def test_hq_draws_a_regions_area_and_its_manager_can_then_place_stores(
    client: TestClient,
) -> None:
    unmapped = factories.region(area=None)
    regional = factories.new_manager_headers((unmapped.id,))
    shanghai = _store(unmapped.id, latitude=31.23, longitude=121.47)
    before = client.post("/manager/v1/stores", json=shanghai, headers={**regional, **idem()})
    assert before.json()["error"]["code"] == "region_area_unset"
    area = {"south": 30.7, "west": 120.9, "north": 31.9, "east": 122.2}
    refused = client.put(f"/manager/v1/regions/{unmapped.id}/area", json=area, headers=regional)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "regions_hq_only"
    hq = factories.new_manager_headers(hq=True)
    backwards = {**area, "south": 32.0}
    assert (
        client.put(
            f"/manager/v1/regions/{unmapped.id}/area", json=backwards, headers=hq
        ).status_code
        == 422
    )
    drawn = client.put(f"/manager/v1/regions/{unmapped.id}/area", json=area, headers=hq)
    assert drawn.status_code == 200, drawn.text
    assert drawn.json()["area"] == area
    listed = client.get("/manager/v1/regions", headers=regional).json()
    assert [r["area"] for r in listed] == [area]
    placed = client.post("/manager/v1/stores", json=shanghai, headers={**regional, **idem()})
    assert placed.status_code == 201, placed.text
    beijing = {**shanghai, "code": "BJ-1", "latitude": 39.9, "longitude": 116.4}
    far = client.post("/manager/v1/stores", json=beijing, headers={**regional, **idem()})
    assert far.json()["error"]["code"] == "store_outside_region"
    missing = client.put("/manager/v1/regions/999999/area", json=area, headers=hq)
    assert missing.status_code == 404
