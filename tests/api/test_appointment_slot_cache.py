"""A kept slot answer never outlives a change: each search below follows a kept one.

Every test searches first so the answer is kept (asserted), then changes the calendar
through the API or straight in the database, and searches again at once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from services.platform.uow import UnitOfWork
from stores.appointments.slot_cache import ANSWERS
from tests import factories
from tests.booking import Salon, at, day_ahead, open_salon
from tests.shop import idem


def search(client: TestClient, salon: Salon, **query: Any) -> dict[str, list[int]]:
    """Starts (UTC, as answered) and their free guides; the answer is kept afterwards."""
    day = day_ahead()
    params = {"service": salon.service_id, "from": str(day), "to": str(day), **query}
    response = client.get(f"/mp/v1/stores/{salon.store_id}/slots", params=params)
    assert response.status_code == 200, response.text
    key = (salon.store_id, salon.service_id, day, day, query.get("guide"))
    assert ANSWERS.get(key) is not None
    return {s["starts_at"]: s["guide_ids"] for s in response.json()}


def utc(hour: int, minute: int = 0) -> str:
    return at(day_ahead(), hour, minute).isoformat().replace("+00:00", "Z")


def book(
    client: TestClient, salon: Salon, hour: int, *, member: int | None = None, **body: Any
) -> dict[str, Any]:
    member = factories.member().id if member is None else member
    made = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": salon.store_id,
            "service_id": salon.service_id,
            "starts_at": at(day_ahead(), hour).isoformat(),
            **body,
        },
        headers={**factories.shopper_headers(member), **idem()},
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


def manager_of(salon: Salon) -> dict[str, str]:
    return factories.manager_headers(factories.manager([salon.region_id]).id, (salon.region_id,))


def test_a_booking_takes_the_slot_at_once_and_a_cancellation_gives_it_back(
    client: TestClient,
) -> None:
    salon = open_salon(guides=2)
    first, second = salon.guide_ids
    assert search(client, salon)[utc(11)] == [first, second]
    assert search(client, salon)[utc(11)] == [first, second]  # answered from the kept copy
    member = factories.member().id
    made = book(client, salon, 11, guide_id=first, member=member)
    assert search(client, salon)[utc(11)] == [second]
    assert utc(11) not in search(client, salon, guide=first)
    cancelled = client.post(
        f"/mp/v1/appointments/{made['id']}/cancel", headers=factories.shopper_headers(member)
    )
    assert cancelled.status_code == 200, cancelled.text
    assert search(client, salon)[utc(11)] == [first, second]
    assert utc(11) in search(client, salon, guide=first)
    # The store cancels one the shopper made (the manager's path, another transaction).
    again = book(client, salon, 12, guide_id=second)
    assert search(client, salon)[utc(12)] == [first]
    by_store = client.post(
        f"/manager/v1/appointments/{again['id']}/cancel",
        json={"reason": "guide unwell"},
        headers=manager_of(salon),
    )
    assert by_store.status_code == 200, by_store.text
    assert search(client, salon)[utc(12)] == [first, second]


def test_hours_leave_closures_policy_and_services_show_at_once(client: TestClient) -> None:
    salon = open_salon()
    guide = salon.guide_ids[0]
    headers = manager_of(salon)
    assert min(search(client, salon)) == utc(10)
    week = {"windows": [{"weekday": d, "starts_at": "12:00", "ends_at": "16:00"} for d in range(7)]}
    put = client.put(f"/manager/v1/guides/{guide}/week", json=week, headers=headers)
    assert put.status_code == 200, put.text
    assert (min(search(client, salon)), max(search(client, salon))) == (utc(12), utc(15))
    leave = client.post(
        f"/manager/v1/guides/{guide}/exceptions",
        json={"on_date": str(day_ahead()), "kind": "leave"},
        headers={**headers, **idem()},
    )
    assert leave.status_code == 201, leave.text
    assert search(client, salon) == {}
    gone = client.delete(
        f"/manager/v1/guides/{guide}/exceptions/{leave.json()['id']}", headers=headers
    )
    assert gone.status_code == 204
    assert min(search(client, salon)) == utc(12)
    closed = client.post(
        f"/manager/v1/stores/{salon.store_id}/special-hours",
        json={"on_date": str(day_ahead()), "opens_at": "14:00", "closes_at": "22:00"},
        headers={**headers, **idem()},
    )
    assert closed.status_code == 201, closed.text
    assert min(search(client, salon)) == utc(14)
    longer = client.patch(
        f"/manager/v1/services/{salon.service_id}", json={"duration_minutes": 90}, headers=headers
    )
    assert longer.status_code == 200, longer.text
    assert max(search(client, salon)) == utc(14, 30)  # 14:30 + 90 min ends at 16:00
    policy = {"min_notice_minutes": 0, "booking_window_days": 1, "cancel_cutoff_minutes": 60}
    window = client.put(
        f"/manager/v1/stores/{salon.store_id}/booking-policy", json=policy, headers=headers
    )
    assert window.status_code == 200, window.text
    assert search(client, salon) == {}  # three days ahead is past a one-day window


def test_a_guide_leaving_or_a_write_outside_the_api_shows_at_once(client: TestClient) -> None:
    salon = open_salon(guides=2)
    first, second = salon.guide_ids
    assert search(client, salon)[utc(10)] == [first, second]
    with UnitOfWork() as uow:  # as a batch job or a console would: no API involved
        uow.session.execute(
            text("UPDATE stores.working_hours SET starts_at = '11:00' WHERE guide_id = :g"),
            {"g": second},
        )
        uow.commit()
    assert search(client, salon)[utc(10)] == [first]
    left = client.post(f"/manager/v1/guides/{first}/deactivate", headers=manager_of(salon))
    assert left.status_code == 200, left.text
    assert utc(10) not in search(client, salon)
    assert search(client, salon)[utc(11)] == [second]


def test_a_kept_answer_is_cut_by_the_notice_at_each_read(client: TestClient) -> None:
    salon = open_salon()
    headers = manager_of(salon)
    day = day_ahead(0)
    policy = {"min_notice_minutes": 0, "booking_window_days": 30, "cancel_cutoff_minutes": 0}
    client.put(f"/manager/v1/stores/{salon.store_id}/booking-policy", json=policy, headers=headers)
    # Tomorrow and today together: only the clock decides how much of today is left.
    params = {"service": salon.service_id, "from": str(day), "to": str(day + timedelta(days=1))}
    path = f"/mp/v1/stores/{salon.store_id}/slots"
    counts = [len(client.get(path, params=params).json()) for _ in range(2)]
    assert counts[0] == counts[1] and 15 <= counts[0] <= 30
    key = (salon.store_id, salon.service_id, day, day + timedelta(days=1), None)
    kept = ANSWERS.get(key)
    assert kept is not None and len(kept.items) == 30  # 10:00-17:00 each half hour, both days
    tomorrow_10 = at(day + timedelta(days=1), 10)
    assert kept.body(tomorrow_10 - timedelta(hours=24)).count(b"starts_at") == 30
    assert kept.body(tomorrow_10).count(b"starts_at") == 15
    assert kept.body(tomorrow_10 + timedelta(seconds=1)).count(b"starts_at") == 14
