"""Shoppers book guides' time; managers set it up in their own regions only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from stores.appointments import booking
from tests import factories
from tests.booking import add_service, at, day_ahead, open_salon
from tests.shop import idem


def slots(client: TestClient, store_id: int, service_id: int, **query: Any) -> list[dict]:
    day = query.pop("day", day_ahead())
    params = {"service": service_id, "from": str(day), "to": str(day), **query}
    response = client.get(f"/mp/v1/stores/{store_id}/slots", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def book(client: TestClient, member_id: int, **body: Any) -> Any:
    body["starts_at"] = body["starts_at"].isoformat()
    return client.post(
        "/mp/v1/appointments", json=body, headers={**factories.shopper_headers(member_id), **idem()}
    )


def test_slots_are_public_and_shown_in_the_store_timezone(client: TestClient) -> None:
    salon = open_salon()
    found = slots(client, salon.store_id, salon.service_id)
    assert found[0]["local_start"].endswith("T10:00:00+08:00")
    assert found[-1]["local_start"].endswith("T17:00:00+08:00")  # the shift ends at 18:00
    assert found[0]["guide_ids"] == salon.guide_ids


def test_booking_takes_the_slot_and_any_guide_gets_the_free_one(client: TestClient) -> None:
    salon = open_salon(guides=2)
    start = at(day_ahead(), 11)
    first, second, third = (factories.member().id for _ in range(3))
    mine = book(
        client,
        first,
        store_id=salon.store_id,
        service_id=salon.service_id,
        starts_at=start,
        guide_id=salon.guide_ids[0],
    )
    assert mine.status_code == 201, mine.text
    assert mine.json()["guide_id"] == salon.guide_ids[0]
    offered = {
        s["starts_at"]: s["guide_ids"] for s in slots(client, salon.store_id, salon.service_id)
    }
    assert offered[start.isoformat().replace("+00:00", "Z")] == [salon.guide_ids[1]]
    anyone = book(
        client, second, store_id=salon.store_id, service_id=salon.service_id, starts_at=start
    )
    assert anyone.status_code == 201 and anyone.json()["guide_id"] == salon.guide_ids[1]
    late = book(
        client, third, store_id=salon.store_id, service_id=salon.service_id, starts_at=start
    )
    assert late.status_code == 409 and late.json()["error"]["code"] == "slot_unavailable"
    off_grid = book(
        client,
        third,
        store_id=salon.store_id,
        service_id=salon.service_id,
        starts_at=start + timedelta(minutes=10),
    )
    assert off_grid.status_code == 409


def test_a_replayed_booking_returns_the_first_answer(client: TestClient) -> None:
    salon = open_salon()
    member = factories.member().id
    headers = {**factories.shopper_headers(member), **idem()}
    body = {
        "store_id": salon.store_id,
        "service_id": salon.service_id,
        "starts_at": at(day_ahead(), 12).isoformat(),
    }
    first = client.post("/mp/v1/appointments", json=body, headers=headers)
    again = client.post("/mp/v1/appointments", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    missing = client.post(
        "/mp/v1/appointments", json=body, headers=factories.shopper_headers(member)
    )
    assert missing.status_code == 422


def test_overlapping_services_of_different_lengths(client: TestClient) -> None:
    salon = open_salon(minutes=90)
    short = add_service(salon.store_id, salon.guide_ids, minutes=30)
    day = day_ahead()
    guide = salon.guide_ids[0]
    long = book(
        client,
        factories.member().id,
        store_id=salon.store_id,
        service_id=salon.service_id,
        starts_at=at(day, 10),
        guide_id=guide,
    )
    assert long.status_code == 201
    inside = book(
        client,
        factories.member().id,
        store_id=salon.store_id,
        service_id=short,
        starts_at=at(day, 11),
        guide_id=guide,
    )
    assert inside.status_code == 409
    after = book(
        client,
        factories.member().id,
        store_id=salon.store_id,
        service_id=short,
        starts_at=at(day, 11, 30),
        guide_id=guide,
    )
    assert after.status_code == 201


def test_buffers_keep_the_guide_free_between_appointments(client: TestClient) -> None:
    salon = open_salon(after=30)
    day = day_ahead()
    assert (
        book(
            client,
            factories.member().id,
            store_id=salon.store_id,
            service_id=salon.service_id,
            starts_at=at(day, 10),
        ).status_code
        == 201
    )
    starts = [s["local_start"][11:16] for s in slots(client, salon.store_id, salon.service_id)]
    assert "11:00" not in starts and "11:30" in starts


def test_shopper_caps_open_appointments_and_bookings_per_day(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import _clear_caches

    monkeypatch.setenv("O2O_APPOINTMENT_MAX_OPEN_PER_MEMBER", "2")
    monkeypatch.setenv("O2O_APPOINTMENT_MAX_BOOKINGS_PER_DAY", "3")
    _clear_caches()
    salon = open_salon()
    member = factories.member().id
    day = day_ahead()
    made = [
        book(
            client,
            member,
            store_id=salon.store_id,
            service_id=salon.service_id,
            starts_at=at(day, h),
        )
        for h in (10, 11, 12)
    ]
    assert [r.status_code for r in made] == [201, 201, 409]
    assert made[2].json()["error"]["code"] == "too_many_appointments"
    headers = factories.shopper_headers(member)
    cancelled = client.post(f"/mp/v1/appointments/{made[0].json()['id']}/cancel", headers=headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert (
        book(
            client,
            member,
            store_id=salon.store_id,
            service_id=salon.service_id,
            starts_at=at(day, 13),
        ).status_code
        == 201
    )
    client.post(f"/mp/v1/appointments/{made[1].json()['id']}/cancel", headers=headers)
    fourth = book(
        client, member, store_id=salon.store_id, service_id=salon.service_id, starts_at=at(day, 14)
    )
    assert fourth.status_code == 429 and fourth.json()["error"]["code"] == "booking_limit"


def test_cancel_and_reschedule_until_the_cutoff(client: TestClient) -> None:
    salon = open_salon()
    member = factories.member().id
    headers = factories.shopper_headers(member)
    day = day_ahead()
    made = book(
        client, member, store_id=salon.store_id, service_id=salon.service_id, starts_at=at(day, 10)
    ).json()
    moved = client.post(
        f"/mp/v1/appointments/{made['id']}/reschedule",
        json={"starts_at": at(day, 15).isoformat()},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    starts = [s["local_start"][11:16] for s in slots(client, salon.store_id, salon.service_id)]
    assert "10:00" in starts and "15:00" not in starts
    with UnitOfWork() as uow, pytest.raises(Conflict) as refused:
        booking.cancel(
            session=uow.session, member_id=member, appointment_id=made["id"], now=at(day, 14)
        )  # an hour before: the default cut-off is two
    assert refused.value.code == "past_cutoff"
    stranger = client.post(
        f"/mp/v1/appointments/{made['id']}/cancel",
        headers=factories.shopper_headers(factories.member().id),
    )
    assert stranger.status_code == 404


def test_my_appointments_upcoming(client: TestClient) -> None:
    salon = open_salon()
    member = factories.member().id
    for hour in (12, 10):
        book(
            client,
            member,
            store_id=salon.store_id,
            service_id=salon.service_id,
            starts_at=at(day_ahead(), hour),
        )
    headers = factories.shopper_headers(member)
    upcoming = client.get("/mp/v1/appointments", headers=headers).json()
    assert [a["starts_at"][11:13] for a in upcoming["items"]] == ["02", "04"]  # UTC hours
    past = client.get("/mp/v1/appointments", params={"when": "past"}, headers=headers).json()
    assert past["total"] == 0
    other = client.get("/mp/v1/appointments", headers=factories.shopper_headers(1 + member))
    assert other.json()["total"] == 0
    # A cancelled appointment is no longer upcoming, though its time is still ahead: it is
    # in the shopper's past (found on a first walk: "upcoming" listed cancelled ones).
    first = upcoming["items"][0]["id"]
    cancelled = client.post(f"/mp/v1/appointments/{first}/cancel", headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    upcoming = client.get("/mp/v1/appointments", headers=headers).json()
    assert [a["starts_at"][11:13] for a in upcoming["items"]] == ["04"]
    past = client.get("/mp/v1/appointments", params={"when": "past"}, headers=headers).json()
    assert [(a["id"], a["status"]) for a in past["items"]] == [(first, "cancelled")]


def test_bad_slot_queries_are_clear_4xx(client: TestClient) -> None:
    salon = open_salon()
    day = day_ahead()
    url = f"/mp/v1/stores/{salon.store_id}/slots"
    too_long = client.get(
        url,
        params={"service": salon.service_id, "from": str(day), "to": str(day + timedelta(days=40))},
    )
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "bad_range"
    unknown = client.get(url, params={"service": 999999, "from": str(day), "to": str(day)})
    assert unknown.status_code == 404
    huge = client.get(url, params={"service": 2**40, "from": str(day), "to": str(day)})
    assert huge.status_code == 422
    naive = client.post(
        "/mp/v1/appointments",
        headers={**factories.shopper_headers(1), **idem()},
        json={
            "store_id": salon.store_id,
            "service_id": salon.service_id,
            "starts_at": "2030-01-01T10:00:00",
        },
    )
    assert naive.status_code == 422


def manager_of(region_id: int) -> dict[str, str]:
    return factories.manager_headers(factories.manager([region_id]).id, (region_id,))


def test_managers_set_up_services_and_schedules_in_their_regions_only(client: TestClient) -> None:
    salon, other = open_salon(), open_salon()
    headers = manager_of(salon.region_id)
    body = {
        "name": "Skin check",
        "duration_minutes": 45,
        "buffer_after_minutes": 15,
        "guide_ids": salon.guide_ids,
    }
    key = idem()
    created = client.post(
        f"/manager/v1/stores/{salon.store_id}/services", json=body, headers={**headers, **key}
    )
    assert created.status_code == 201, created.text
    assert created.json()["guide_ids"] == salon.guide_ids and created.json()["price_fen"] == 0
    replay = client.post(
        f"/manager/v1/stores/{salon.store_id}/services", json=body, headers={**headers, **key}
    )
    assert replay.json()["id"] == created.json()["id"]
    foreign = client.post(
        f"/manager/v1/stores/{other.store_id}/services", json=body, headers={**headers, **idem()}
    )
    assert foreign.status_code == 404
    wrong_guide = client.post(
        f"/manager/v1/stores/{salon.store_id}/services",
        json={**body, "guide_ids": other.guide_ids},
        headers={**headers, **idem()},
    )
    assert wrong_guide.status_code == 422
    assert wrong_guide.json()["error"]["code"] == "guide_not_in_store"
    guide = salon.guide_ids[0]
    week = {"windows": [{"weekday": d, "starts_at": "12:00", "ends_at": "16:00"} for d in range(7)]}
    assert (
        client.put(f"/manager/v1/guides/{guide}/week", json=week, headers=headers).status_code
        == 200
    )
    assert (
        client.put(
            f"/manager/v1/guides/{other.guide_ids[0]}/week", json=week, headers=headers
        ).status_code
        == 404
    )
    overlapping = {
        "windows": [
            {"weekday": 1, "starts_at": "10:00", "ends_at": "13:00"},
            {"weekday": 1, "starts_at": "12:00", "ends_at": "14:00"},
        ]
    }
    assert (
        client.put(
            f"/manager/v1/guides/{guide}/week", json=overlapping, headers=headers
        ).status_code
        == 422
    )
    found = slots(client, salon.store_id, salon.service_id)
    assert found[0]["local_start"][11:16] == "12:00" and found[-1]["local_start"][11:16] == "15:00"
    leave = client.post(
        f"/manager/v1/guides/{guide}/exceptions",
        json={"on_date": str(day_ahead()), "kind": "leave"},
        headers={**headers, **idem()},
    )
    assert leave.status_code == 201
    assert slots(client, salon.store_id, salon.service_id) == []
    client.delete(f"/manager/v1/guides/{guide}/exceptions/{leave.json()['id']}", headers=headers)
    closed = client.post(
        f"/manager/v1/stores/{salon.store_id}/special-hours",
        json={"on_date": str(day_ahead())},
        headers={**headers, **idem()},
    )
    assert closed.status_code == 201
    assert slots(client, salon.store_id, salon.service_id) == []
    assert (
        client.get(
            f"/manager/v1/stores/{other.store_id}/special-hours", headers=headers
        ).status_code
        == 404
    )
    policy = {"min_notice_minutes": 0, "booking_window_days": 2, "cancel_cutoff_minutes": 60}
    assert (
        client.put(
            f"/manager/v1/stores/{salon.store_id}/booking-policy", json=policy, headers=headers
        ).json()["booking_window_days"]
        == 2
    )
    assert (
        client.put(
            f"/manager/v1/stores/{other.store_id}/booking-policy", json=policy, headers=headers
        ).status_code
        == 404
    )


def test_a_guide_card_scan_leads_to_the_guide_profile_and_slots(client: TestClient) -> None:
    salon = open_salon()
    guide = salon.guide_ids[0]
    card = factories.touchpoint("guide_card", region_id=salon.region_id, guide_id=guide)
    scan = client.post("/mp/v1/scans", json={"scene": card.scene, "device_id": "device-0001"})
    assert scan.status_code == 201, scan.text
    offer = scan.json()["booking"]
    assert offer["open"] is True and [s["id"] for s in offer["services"]] == [salon.service_id]
    profile = client.get(offer["profile_path"])
    assert profile.status_code == 200
    body = profile.json()
    assert body["store_id"] == salon.store_id and body["services"][0]["id"] == salon.service_id
    assert len(body["next_slots"][0]["slots"]) == 3
    assert all(s["guide_ids"] == [guide] for s in body["next_slots"][0]["slots"])
    day = str(day_ahead())
    slots = client.get(
        offer["slots_path"], params={"service": salon.service_id, "from": day, "to": day}
    )
    assert slots.status_code == 200 and slots.json()
    idle = factories.guide(salon.store_id).id  # offers nothing
    idle_card = factories.touchpoint("guide_card", region_id=salon.region_id, guide_id=idle)
    closed = client.post(
        "/mp/v1/scans", json={"scene": idle_card.scene, "device_id": "device-0002"}
    )
    assert closed.json()["booking"]["open"] is False
    assert client.get("/mp/v1/guides/999999").status_code == 404


def test_the_slot_search_route_answers_what_the_booking_path_reads(client: TestClient) -> None:
    # The route reads on asyncpg and writes its JSON by hand; a booking re-checks through
    # the session (psycopg) and pydantic. Both must see the same slots, byte for byte.
    salon = open_salon(guides=3, minutes=45, after=15)
    day = day_ahead()
    for n, guide in enumerate(salon.guide_ids):
        member = factories.member().id
        made = book(
            client,
            member,
            store_id=salon.store_id,
            service_id=salon.service_id,
            starts_at=at(day + timedelta(days=n % 2), 11 + n),
            guide_id=guide,
        )
        assert made.status_code == 201, made.text
    last = day + timedelta(days=3)
    for named in (None, salon.guide_ids[1]):
        query = {} if named is None else {"guide": named}
        got = slots(client, salon.store_id, salon.service_id, day=day, to=str(last), **query)
        with UnitOfWork() as uow:
            expected = booking.find_slots(
                session=uow.session,
                store_id=salon.store_id,
                service_id=salon.service_id,
                first=day,
                last=last,
                guide_id=named,
                now=utcnow(),
            )
        assert got == [s.model_dump(mode="json") for s in expected]
        sizes = {len(s["guide_ids"]) for s in got}
        assert len(got) > 20 and sizes == ({1} if named else {2, 3})
