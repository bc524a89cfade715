"""Completing an appointment with a purchase: the order must be that member's, at that store."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest
from fastapi.testclient import TestClient

from services.platform.uow import UnitOfWork
from stores.appointments.models import WorkingHours
from stores.models import OpeningHours
from tests import factories
from tests.booking import add_service, at, day_ahead, guide_clock
from tests.shop import Shop, idem, open_shop, place_order


def stocked_salon(units: int = 20) -> tuple[Shop, int]:
    """A store with stock (orders can be placed) whose guide offers a 60-minute fitting."""
    shop = open_shop(
        units=units,
        hours=[OpeningHours(weekday=d, opens_at=time(10), closes_at=time(22)) for d in range(7)],
    )
    with UnitOfWork() as uow:
        uow.session.add_all(
            WorkingHours(guide_id=shop.guide_id, weekday=d, starts_at=time(10), ends_at=time(18))
            for d in range(7)
        )
        uow.commit()
    return shop, add_service(shop.store_id, [shop.guide_id])


def booked(client: TestClient, shop: Shop, service_id: int, hour: int) -> int:
    response = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": shop.store_id,
            "service_id": service_id,
            "starts_at": at(day_ahead(), hour).isoformat(),
        },
        headers={**shop.shopper(), **idem()},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_a_purchase_outcome_takes_only_the_member_order_at_that_store(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop, service = stocked_salon()
    appointment = booked(client, shop, service, 11)
    guide_clock(monkeypatch, at(day_ahead(), 11, 30))
    other_member = replace(shop, member_id=factories.member().id)
    elsewhere, _ = stocked_salon()
    url = f"/tablet/v1/appointments/{appointment}/complete"

    def complete(number: str) -> tuple[int, dict]:
        answer = client.post(
            url, json={"outcome": "purchase", "order_number": number}, headers=shop.guide()
        )
        return answer.status_code, answer.json()

    refusals = {
        "unknown_order": "NOPE12345678",
        "another_member": place_order(other_member),
        "another_store": place_order(replace(elsewhere, member_id=shop.member_id)),
    }
    for reason, number in refusals.items():
        status, body = complete(number)
        assert status == 422, body
        assert body["error"]["code"] == "order_not_for_appointment"
        assert body["error"]["details"]["reason"] == reason
    mine = place_order(shop)
    status, body = complete(mine)
    assert status == 200, body
    assert body["status"] == "completed" and body["order_number"] == mine
