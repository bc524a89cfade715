"""Member 360 on the tablet: every source appears; another store's notes never do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from services.members import points
from services.platform import ratelimit
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.appointments.models import Appointment
from tests import factories
from tests.booking import open_salon
from tests.shop import idem, open_shop, place_order


def _appointment(salon_store: int, guide: int, service: int, member: int, **fields) -> None:
    start = utcnow() - timedelta(days=2)
    with UnitOfWork() as uow:
        uow.session.add(
            Appointment(
                store_id=salon_store,
                guide_id=guide,
                service_id=service,
                member_id=member,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                blocked_from=start,
                blocked_until=start + timedelta(hours=1),
                **fields,
            )
        )
        uow.commit()


def _note(client: TestClient, headers: dict, member_id: int, body: str) -> dict:
    made = client.post(
        f"/tablet/v1/members/{member_id}/notes",
        json={"body": body},
        headers={**headers, **idem()},
    )
    assert made.status_code == 201, made.text
    return made.json()


def test_a_guide_sees_every_source_and_only_their_own_store_notes(client: TestClient) -> None:
    shop = open_shop()  # the member's pickup order
    here, there = open_salon(), open_salon()
    member = shop.member_id
    number = place_order(shop)
    with UnitOfWork() as uow:
        points.earn(session=uow.session, member_id=member, points=40, source="welcome")
        uow.commit()
    _appointment(
        there.store_id,
        there.guide_ids[0],
        there.service_id,
        member,
        status="completed",
        outcome="follow_up",
        outcome_note="THERE-PRIVATE: wants a discount",
    )
    _appointment(here.store_id, here.guide_ids[0], here.service_id, member, status="no_show")
    door = factories.touchpoint("store_entrance", region_id=here.region_id, store_id=here.store_id)
    scanned = client.post(
        "/mp/v1/scans",
        json={"device_id": "device-360-0001", "token": factories.qr_token(door.id)},
        headers=factories.shopper_headers(member),
    )
    assert scanned.status_code == 201, scanned.text

    guide_here = factories.guide_headers(here.guide_ids[0], here.store_id)
    guide_there = factories.guide_headers(there.guide_ids[0], there.store_id)
    _note(client, guide_here, member, "HERE: size 43, wide feet")
    _note(client, guide_there, member, "THERE-PRIVATE: difficult about returns")

    seen = client.get(f"/tablet/v1/members/{member}", headers=guide_here)
    assert seen.status_code == 200, seen.text
    view = seen.json()
    assert view["member"]["id"] == member and "home_latitude" not in view["member"]
    recent = view["points"]["recent"]  # the welcome, then the door scan's visit points
    assert recent[-1]["source"] == "welcome" and recent[0]["source"].startswith("check-in:")
    assert view["points"]["balance"] == sum(e["delta"] for e in recent) > 40
    assert [o["number"] for o in view["orders"]] == [number]
    assert view["appointments"]["no_shows"] == 1
    assert {a["store_id"] for a in view["appointments"]["items"]} == {
        here.store_id,
        there.store_id,
    }
    assert [c["store_id"] for c in view["check_ins"]] == [here.store_id]
    assert [s["touchpoint_id"] for s in view["scans"]] == [door.id]
    assert "device_id" not in view["scans"][0]
    assert [n["body"] for n in view["notes"]] == ["HERE: size 43, wide feet"]
    # Nothing another store's guide wrote reaches this tablet, in any part of the answer.
    assert "THERE-PRIVATE" not in seen.text

    theirs = client.get(f"/tablet/v1/members/{member}", headers=guide_there).json()
    assert [n["body"] for n in theirs["notes"]] == ["THERE-PRIVATE: difficult about returns"]
    assert "HERE:" not in str(theirs["notes"])
    kept = [a["outcome_note"] for a in theirs["appointments"]["items"] if a["outcome_note"]]
    assert kept == ["THERE-PRIVATE: wants a discount"]  # their own store's note stays


def test_the_member_history_lists_appointments_too(client: TestClient) -> None:
    salon = open_salon()
    member = factories.member().id
    _appointment(
        salon.store_id, salon.guide_ids[0], salon.service_id, member, outcome_note="private"
    )
    history = client.get("/mp/v1/me/history", headers=factories.shopper_headers(member)).json()
    assert [(h["kind"], h["store_id"]) for h in history] == [("appointment", salon.store_id)]
    assert "private" not in str(history)


def test_unknown_member_is_404_and_a_note_needs_an_idempotency_key(client: TestClient) -> None:
    salon = open_salon()
    guide = factories.guide_headers(salon.guide_ids[0], salon.store_id)
    assert client.get("/tablet/v1/members/987654321", headers=guide).status_code == 404
    member = factories.member().id
    _appointment(salon.store_id, salon.guide_ids[0], salon.service_id, member)  # a tie here
    no_key = client.post(f"/tablet/v1/members/{member}/notes", json={"body": "x"}, headers=guide)
    assert no_key.json()["error"]["code"] == "idempotency_key_required"
    headers = {**guide, **idem()}
    first = client.post(f"/tablet/v1/members/{member}/notes", json={"body": "x"}, headers=headers)
    again = client.post(f"/tablet/v1/members/{member}/notes", json={"body": "x"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    seen = client.get(f"/tablet/v1/members/{member}", headers=guide).json()
    assert len(seen["notes"]) == 1


def test_a_guide_walking_member_ids_is_cut_off(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("O2O_MEMBER_LOOKUPS_PER_GUIDE", "3")
    get_settings.cache_clear()
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)
    try:
        salon = open_salon()
        guide = factories.guide_headers(salon.guide_ids[0], salon.store_id)
        members = [factories.member().id for _ in range(4)]
        for m in members:  # each has booked here: the guide may look them up
            _appointment(salon.store_id, salon.guide_ids[0], salon.service_id, m)
        statuses = [
            client.get(f"/tablet/v1/members/{m}", headers=guide).status_code for m in members
        ]
        assert statuses == [200, 200, 200, 429]
        other = factories.guide_headers(factories.guide(salon.store_id).id, salon.store_id)
        assert client.get(f"/tablet/v1/members/{members[0]}", headers=other).status_code == 200
    finally:
        get_settings.cache_clear()
