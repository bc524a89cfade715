"""Try-on items: held at the store for the appointment, given back when it is over."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from inventory import reservations
from inventory.models import Reservation
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.appointments import reminders
from stores.appointments.models import Appointment
from tests.api.test_appointment_purchases import stocked_salon
from tests.booking import at, day_ahead, guide_clock
from tests.shop import Shop, idem, live_reserved, place_order, stock_of


@pytest.fixture(autouse=True)
def hold_at_booking(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """These tests book three days ahead and follow the hold from booking: the lead is
    wider than that (the lead itself is tested in test_try_on_limits.py)."""
    monkeypatch.setenv("O2O_TRY_ON_HOLD_LEAD_HOURS", str(24 * 14))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def book(client: TestClient, shop: Shop, service: int, hour: int, try_on: list) -> Response:
    return client.post(
        "/mp/v1/appointments",
        json={
            "store_id": shop.store_id,
            "service_id": service,
            "starts_at": at(day_ahead(), hour).isoformat(),
            "try_on": try_on,
        },
        headers={**shop.shopper(), **idem()},
    )


def available(shop: Shop) -> int:
    on_hand, reserved = stock_of(shop.location_id, shop.sku_ids[0])
    assert reserved == live_reserved(shop.location_id, shop.sku_ids[0])  # counter matches holds
    return on_hand - reserved


def test_try_on_items_are_held_and_a_cancel_gives_them_back(client: TestClient) -> None:
    shop, service = stocked_salon(units=3)
    sku = shop.sku_ids[0]
    made = book(client, shop, service, 11, [{"sku_id": sku, "quantity": 2}])
    assert made.status_code == 201, made.text
    assert made.json()["try_on"] == [{"sku_id": sku, "quantity": 2}]
    assert available(shop) == 1
    # Held for the fitting: an order for two more is refused, one still sells.
    assert (
        client.post(
            "/mp/v1/orders", json=shop.order_body(2), headers={**shop.shopper(), **idem()}
        ).json()["error"]["code"]
        == "out_of_stock"
    )
    cancelled = client.post(
        f"/mp/v1/appointments/{made.json()['id']}/cancel", headers=shop.shopper()
    )
    assert cancelled.status_code == 200, cancelled.text
    assert available(shop) == 3


def test_not_enough_stock_refuses_the_booking_and_holds_nothing(client: TestClient) -> None:
    shop, service = stocked_salon(units=2)
    short = book(client, shop, service, 11, [{"sku_id": shop.sku_ids[0], "quantity": 3}])
    assert short.status_code == 409 and short.json()["error"]["code"] == "out_of_stock"
    assert short.json()["error"]["details"]["sku_id"] == shop.sku_ids[0]
    assert available(shop) == 2
    with UnitOfWork() as uow:
        assert uow.session.query(Appointment).filter_by(member_id=shop.member_id).count() == 0
    unknown = book(client, shop, service, 11, [{"sku_id": 999999, "quantity": 1}])
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "sku_not_found"
    # The slot is still free: the same start books without items.
    assert book(client, shop, service, 11, []).status_code == 201


def test_the_number_of_items_is_capped(client: TestClient) -> None:
    shop, service = stocked_salon(units=50)
    many = [{"sku_id": shop.sku_ids[0], "quantity": 1}] * 6
    assert book(client, shop, service, 11, many).status_code == 422
    assert (
        book(client, shop, service, 11, [{"sku_id": shop.sku_ids[0], "quantity": 4}]).status_code
        == 422
    )
    assert available(shop) == 50


def test_completed_no_show_and_ended_appointments_give_the_items_back(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop, service = stocked_salon(units=10)
    guide_clock(monkeypatch, at(day_ahead(), 10, 30))
    item = [{"sku_id": shop.sku_ids[0], "quantity": 1}]
    done, missed, ended = (
        book(client, shop, service, hour, item).json()["id"] for hour in (10, 12, 14)
    )
    assert available(shop) == 7
    completed = client.post(
        f"/tablet/v1/appointments/{done}/complete",
        json={"outcome": "purchase", "order_number": place_order(shop)},
        headers=shop.guide(),
    )
    assert completed.status_code == 200, completed.text
    assert available(shop) == 7  # one back from the fitting, one sold (held for the order)
    with UnitOfWork() as uow:
        missed_row = uow.session.get_one(Appointment, missed)
        after_start = missed_row.starts_at + timedelta(minutes=30)
        ended_row = uow.session.get_one(Appointment, ended)
        ended_at, ended_hold = ended_row.ends_at, ended_row.try_on_reservation_id
        assert (
            reminders.mark_no_shows(
                session=uow.session, now=after_start, grace=timedelta(minutes=15)
            )
            >= 1
        )
        uow.commit()
    with UnitOfWork() as uow:
        assert uow.session.get_one(Appointment, missed).status == "no_show"
    assert available(shop) == 8

    def status_of_the_hold() -> str:
        with UnitOfWork() as uow:
            return uow.session.get_one(Reservation, ended_hold).status

    # The last one is never closed: its hold lapses when it ends (inventory's beat).
    for moment, status in ((ended_at - timedelta(minutes=1), "held"), (ended_at, "released")):
        with UnitOfWork() as uow:
            reservations.release_expired(session=uow.session, now=moment + timedelta(seconds=1))
            uow.commit()
        assert status_of_the_hold() == status
    assert utcnow() < ended_at  # the appointment itself is still ahead: only its hold expired


def test_a_reschedule_holds_the_items_until_the_new_end(client: TestClient) -> None:
    shop, service = stocked_salon(units=4)
    made = book(client, shop, service, 11, [{"sku_id": shop.sku_ids[0], "quantity": 2}]).json()
    later = at(day_ahead() + timedelta(days=1), 15)
    moved = client.post(
        f"/mp/v1/appointments/{made['id']}/reschedule",
        json={"starts_at": later.isoformat()},
        headers=shop.shopper(),
    )
    assert moved.status_code == 200, moved.text
    assert available(shop) == 2
    with UnitOfWork() as uow:
        row = uow.session.get_one(Appointment, made["id"])
        hold = uow.session.get_one(Reservation, row.try_on_reservation_id)
        assert hold.reserved_until == row.ends_at == later + timedelta(hours=1)
