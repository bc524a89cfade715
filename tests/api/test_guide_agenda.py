"""The guide's day: one store's appointments, arrivals and outcomes, nobody else's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from services.platform.uow import UnitOfWork
from stores.appointments.models import Appointment
from stores.client import LocalStoresClient
from tests import factories
from tests.booking import Salon, at, day_ahead, guide_clock, open_salon
from tests.shop import idem


def _book(client: TestClient, salon: Salon, member_id: int, hour: int) -> dict:
    response = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": salon.store_id,
            "service_id": salon.service_id,
            "starts_at": at(day_ahead(), hour).isoformat(),
        },
        headers={**factories.shopper_headers(member_id), **idem()},
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_guide_sees_their_store_day_in_time_order_and_not_another_store(
    client: TestClient,
) -> None:
    salon, other = open_salon(), open_salon()
    late, early = factories.member(name="Lin").id, factories.member(name="Wu").id
    _book(client, salon, late, 15)
    _book(client, salon, early, 11)
    _book(client, other, factories.member().id, 11)
    guide = factories.guide_headers(salon.guide_ids[0], salon.store_id)
    day = client.get("/tablet/v1/agenda", params={"date": str(day_ahead())}, headers=guide)
    assert day.status_code == 200, day.text
    items = day.json()["items"]
    assert [(i["kind"], i["local_time"], i["member_name"]) for i in items] == [
        ("appointment", "11:00", "Wu"),
        ("appointment", "15:00", "Lin"),
    ]
    assert {i["next_step"] for i in items} == {"await_arrival"}
    assert {i["no_shows"] for i in items} == {0}
    foreign = factories.guide_headers(other.guide_ids[0], other.store_id)
    theirs = client.get("/tablet/v1/agenda", params={"date": str(day_ahead())}, headers=foreign)
    assert len(theirs.json()["items"]) == 1
    mine = items[0]["appointment_id"]
    refused = client.post(f"/tablet/v1/appointments/{mine}/check-in", headers=foreign)
    assert refused.status_code == 404


def test_check_in_by_hand_puts_the_member_first_then_complete_with_an_outcome(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    salon = open_salon()
    first = _book(client, salon, factories.member().id, 10)
    second = _book(client, salon, factories.member().id, 14)
    guide_clock(monkeypatch, at(day_ahead(), 14, 5))
    guide = factories.guide_headers(salon.guide_ids[0], salon.store_id)
    arrived = client.post(f"/tablet/v1/appointments/{second['id']}/check-in", headers=guide)
    assert arrived.json()["status"] == "checked_in"
    items = client.get(
        "/tablet/v1/agenda", params={"date": str(day_ahead())}, headers=guide
    ).json()["items"]
    assert [i["appointment_id"] for i in items] == [second["id"], first["id"]]
    assert items[0]["next_step"] == "serve"
    no_order = client.post(
        f"/tablet/v1/appointments/{second['id']}/complete",
        json={"outcome": "purchase"},
        headers=guide,
    )
    assert no_order.status_code == 422
    done = client.post(
        f"/tablet/v1/appointments/{second['id']}/complete",
        json={"outcome": "follow_up", "note": "wants the blue one", "follow_up_on": "2030-01-05"},
        headers=guide,
    )
    assert done.status_code == 200 and done.json()["status"] == "completed"
    again = client.post(f"/tablet/v1/appointments/{second['id']}/check-in", headers=guide)
    assert again.status_code == 409


def test_the_store_cancels_with_a_reason_and_the_shopper_is_told(client: TestClient) -> None:
    salon = open_salon()
    member = factories.member().id
    made = _book(client, salon, member, 10)
    guide = factories.guide_headers(salon.guide_ids[0], salon.store_id)
    cancelled = client.post(
        f"/tablet/v1/appointments/{made['id']}/cancel",
        json={"reason": "the fitting room is flooded"},
        headers=guide,
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["cancelled_by"] == "guide"
    from sqlalchemy import select

    from services.notifications.models import Delivery

    with UnitOfWork() as uow:
        sent = uow.session.execute(
            select(Delivery.member_id, Delivery.body).where(
                Delivery.template == "appointment_cancelled_by_store"
            )
        ).all()
    assert [d.member_id for d in sent] == [member]
    assert "flooded" in sent[0].body


def test_a_door_scan_within_half_an_hour_checks_the_appointment_in(db: dict[str, str]) -> None:
    salon = open_salon()
    member = factories.member().id
    start = at(day_ahead(), 11)
    with UnitOfWork() as uow:
        rows = [
            Appointment(
                store_id=salon.store_id,
                guide_id=salon.guide_ids[0],
                service_id=salon.service_id,
                member_id=member,
                starts_at=s,
                ends_at=s + timedelta(hours=1),
                blocked_from=s,
                blocked_until=s + timedelta(hours=1),
            )
            for s in (start, start + timedelta(hours=3))
        ]
        uow.session.add_all(rows)
        uow.commit()
        ids = [r.id for r in rows]
    with UnitOfWork() as uow:
        LocalStoresClient(uow.session).check_in(
            store_id=salon.store_id,
            member_id=member,
            at=start - timedelta(minutes=25),
            window=timedelta(hours=2),
        )
        uow.commit()
    with UnitOfWork() as uow:
        statuses = [uow.session.get(Appointment, i).status for i in ids]  # type: ignore[union-attr]
    assert statuses == ["checked_in", "booked"]  # the later one is hours away


def test_check_in_and_completion_hours_early_are_refused_and_count_nothing(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    salon = open_salon()
    made = _book(client, salon, factories.member().id, 14)
    guide = factories.guide_headers(salon.guide_ids[0], salon.store_id)
    guide_clock(monkeypatch, at(day_ahead(), 10))  # four hours before the start
    for step in ("check-in", "complete"):
        body = {"outcome": "follow_up"} if step == "complete" else None
        early = client.post(
            f"/tablet/v1/appointments/{made['id']}/{step}", json=body, headers=guide
        )
        assert early.status_code == 409, early.text
        assert early.json()["error"]["code"] == "appointment_outside_window"
    with UnitOfWork() as uow:
        row = uow.session.get_one(Appointment, made["id"])
        assert (row.status, row.checked_in_at, row.completed_at) == ("booked", None, None)
    guide_clock(monkeypatch, at(day_ahead(), 13, 30))  # within the hour before: arrived
    arrived = client.post(f"/tablet/v1/appointments/{made['id']}/check-in", headers=guide)
    assert arrived.status_code == 200 and arrived.json()["status"] == "checked_in"
    too_soon = client.post(
        f"/tablet/v1/appointments/{made['id']}/complete",
        json={"outcome": "follow_up"},
        headers=guide,
    )
    assert too_soon.json()["error"]["details"]["from"] == at(day_ahead(), 14).isoformat()
    guide_clock(monkeypatch, at(day_ahead(), 14, 20))
    done = client.post(
        f"/tablet/v1/appointments/{made['id']}/complete",
        json={"outcome": "follow_up"},
        headers=guide,
    )
    assert done.status_code == 200 and done.json()["status"] == "completed"
