"""A shopper books from what the API tells them: a store's services, then answers that
name the store, service and guide and give the local time."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.platform.uow import UnitOfWork
from stores.appointments.models import AppointmentService
from tests import factories
from tests.booking import add_service, at, day_ahead, open_salon
from tests.shop import idem


def test_a_store_lists_its_bookable_services_with_the_guides_who_offer_them(
    client: TestClient,
) -> None:
    salon = open_salon(guides=2, minutes=45)
    only_second = add_service(salon.store_id, [salon.guide_ids[1]], minutes=30)
    nobody = add_service(salon.store_id, [], minutes=20)  # no guide offers it: not bookable
    retired = add_service(salon.store_id, salon.guide_ids)
    with UnitOfWork() as uow:
        uow.session.get_one(AppointmentService, retired).active = False
        uow.commit()
    answer = client.get(f"/mp/v1/stores/{salon.store_id}/services")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["store_timezone"] == "Asia/Shanghai" and body["store_name"]
    by_id = {s["id"]: s for s in body["items"]}
    assert set(by_id) == {salon.service_id, only_second}
    assert nobody not in by_id
    fitting = by_id[salon.service_id]
    assert fitting["duration_minutes"] == 45 and fitting["name"] == "Fitting 45 min"
    assert [g["id"] for g in fitting["guides"]] == salon.guide_ids
    assert all(g["name"] for g in fitting["guides"])
    assert [g["id"] for g in by_id[only_second]["guides"]] == [salon.guide_ids[1]]


def test_an_unknown_store_has_no_services(client: TestClient) -> None:
    answer = client.get("/mp/v1/stores/987654/services")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "store_not_found"


def test_booking_answers_name_the_store_service_and_guide_with_the_local_time(
    client: TestClient,
) -> None:
    salon = open_salon()
    member = factories.member().id
    headers = factories.shopper_headers(member)
    start = at(day_ahead(), 14, 30)
    booked = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": salon.store_id,
            "service_id": salon.service_id,
            "starts_at": start.isoformat(),
        },
        headers={**headers, **idem()},
    )
    assert booked.status_code == 201, booked.text
    created = booked.json()
    assert created["starts_at_local"].endswith("T14:30:00+08:00")
    assert created["ends_at_local"].endswith("T15:30:00+08:00")
    assert created["service_name"] == "Fitting 60 min"
    assert created["store_name"] and created["guide_name"]
    assert created["store_timezone"] == "Asia/Shanghai"
    one = client.get(f"/mp/v1/appointments/{created['id']}", headers=headers).json()
    listed = client.get("/mp/v1/appointments", headers=headers).json()["items"]
    for answer in (one, listed[0]):
        assert {k: answer[k] for k in created if k.endswith(("_name", "_local"))} == {
            k: created[k] for k in created if k.endswith(("_name", "_local"))
        }
