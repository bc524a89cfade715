"""The store cancels one appointment (a guide at that store, a manager of its region) and
the shopper is told why; nobody else can."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notifications.models import Delivery
from services.platform.uow import UnitOfWork
from tests import factories
from tests.booking import Salon, at, day_ahead, open_salon
from tests.shop import idem


def _book(client: TestClient, salon: Salon, member_id: int) -> int:
    response = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": salon.store_id,
            "service_id": salon.service_id,
            "starts_at": at(day_ahead(), 11).isoformat(),
        },
        headers={**factories.shopper_headers(member_id), **idem()},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _told(member_id: int) -> list[str]:
    with UnitOfWork() as uow:
        return list(
            uow.session.scalars(
                select(Delivery.body).where(
                    Delivery.member_id == member_id,
                    Delivery.template == "appointment_cancelled_by_store",
                )
            )
        )


def _manager(region_id: int) -> dict[str, str]:
    return factories.manager_headers(factories.manager([region_id]).id, (region_id,))


def test_a_manager_of_the_region_cancels_one_appointment_and_the_shopper_is_told(
    client: TestClient,
) -> None:
    salon, elsewhere = open_salon(), open_salon()
    member = factories.member().id
    appointment = _book(client, salon, member)
    url = f"/manager/v1/appointments/{appointment}/cancel"
    reason = {"reason": "The guide is ill today; please book again."}
    outsider = client.post(url, json=reason, headers=_manager(elsewhere.region_id))
    assert outsider.status_code == 404
    assert outsider.json()["error"]["code"] == "appointment_not_found"
    assert _told(member) == []
    done = client.post(url, json=reason, headers=_manager(salon.region_id))
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "cancelled" and done.json()["cancelled_by"] == "manager"
    assert done.json()["cancel_reason"] == reason["reason"]
    (message,) = _told(member)
    assert "ill today" in message
    mine = client.get(
        f"/mp/v1/appointments/{appointment}", headers=factories.shopper_headers(member)
    )
    assert mine.json()["status"] == "cancelled" and mine.json()["cancel_reason"] == reason["reason"]
    again = client.post(url, json=reason, headers=_manager(salon.region_id))
    assert again.status_code == 409 and again.json()["error"]["code"] == "appointment_state"
    assert len(_told(member)) == 1
    missing = client.post(
        "/manager/v1/appointments/999999999/cancel", json=reason, headers=_manager(salon.region_id)
    )
    assert missing.status_code == 404
    assert (
        client.post(url, json={"reason": ""}, headers=_manager(salon.region_id)).status_code == 422
    )


def test_a_guide_cannot_cancel_another_store_appointment(client: TestClient) -> None:
    salon, other = open_salon(), open_salon()
    member = factories.member().id
    appointment = _book(client, salon, member)
    stranger = factories.guide_headers(other.guide_ids[0], other.store_id)
    refused = client.post(
        f"/tablet/v1/appointments/{appointment}/cancel", json={"reason": "no"}, headers=stranger
    )
    assert refused.status_code == 404 and _told(member) == []
