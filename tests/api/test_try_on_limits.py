"""Try-on items cannot be used to keep stock off sale (issue 26, finding 2): the SKU's
purchase limit and a per-shopper cap apply, units are held only from the lead before the
start, one shopper is at one appointment at a time, and moving one is capped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from inventory.models import Sku
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.appointments import try_on
from stores.appointments.models import Appointment, WorkingHours
from stores.models import OpeningHours
from tests import factories
from tests.booking import add_service, at, day_ahead
from tests.shop import Shop, idem, live_reserved, open_shop, stock_of

Settings = Callable[..., None]


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    def set_(**values: int) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"O2O_{name.upper()}", str(value))
        get_settings.cache_clear()

    yield set_
    get_settings.cache_clear()


def salon(units: int, *, guides: int = 1, skus: int = 1) -> tuple[Shop, int, list[int]]:
    """A stocked store open 10-22 whose guides work 10-18 every day, one 60-minute fitting."""
    shop = open_shop(
        units=units,
        skus=skus,
        hours=[OpeningHours(weekday=d, opens_at=time(10), closes_at=time(22)) for d in range(7)],
    )
    guide_ids = [shop.guide_id] + [factories.guide(shop.store_id).id for _ in range(guides - 1)]
    with UnitOfWork() as uow:
        uow.session.add_all(
            WorkingHours(guide_id=g, weekday=d, starts_at=time(10), ends_at=time(18))
            for g in guide_ids
            for d in range(7)
        )
        uow.commit()
    return shop, add_service(shop.store_id, guide_ids), guide_ids


def book(
    client: TestClient,
    shop: Shop,
    service: int,
    starts_at: datetime,
    items: list[dict[str, int]],
    *,
    member_id: int | None = None,
    guide_id: int | None = None,
) -> Response:
    body = {
        "store_id": shop.store_id,
        "service_id": service,
        "starts_at": starts_at.isoformat(),
        "try_on": items,
    }
    if guide_id is not None:
        body["guide_id"] = guide_id
    return client.post(
        "/mp/v1/appointments", json=body, headers={**shop.shopper(member_id), **idem()}
    )


def available(shop: Shop, sku_index: int = 0) -> int:
    on_hand, reserved = stock_of(shop.location_id, shop.sku_ids[sku_index])
    assert reserved == live_reserved(shop.location_id, shop.sku_ids[sku_index])
    return on_hand - reserved


def set_purchase_limit(sku_id: int, limit: int) -> None:
    with UnitOfWork() as uow:
        uow.session.get_one(Sku, sku_id).purchase_limit = limit
        uow.commit()


def place_due(now: datetime) -> int:
    with UnitOfWork() as uow:
        held = try_on.place_due(session=uow.session, now=now)
        uow.commit()
    return held


def code(response: Response) -> str:
    return str(response.json()["error"]["code"])


def test_the_reported_hoard_is_refused_and_a_third_shopper_still_buys(
    client: TestClient,
) -> None:
    """The report: limit 1 on a SKU with 8 on hand, bookings 29 days ahead for 3 units,
    one shopper twice at the same start with two guides; a third shopper's order failed."""
    shop, service, (first, second) = salon(8, guides=2)
    sku = shop.sku_ids[0]
    set_purchase_limit(sku, 1)
    starts = at(day_ahead(29), 11)
    three = [{"sku_id": sku, "quantity": 3}]
    over = book(client, shop, service, starts, three, guide_id=first)
    assert over.status_code == 409 and code(over) == "purchase_limit_exceeded"
    assert over.json()["error"]["details"] == {"sku_id": sku, "limit": 1}
    one = [{"sku_id": sku, "quantity": 1}]
    assert book(client, shop, service, starts, one, guide_id=first).status_code == 201
    again = book(client, shop, service, starts, one, guide_id=second)
    assert again.status_code == 409 and code(again) == "appointment_overlaps"
    # The limit counts what the shopper already set aside at another appointment.
    later = book(client, shop, service, at(day_ahead(29), 15), one, guide_id=second)
    assert later.status_code == 409 and code(later) == "purchase_limit_exceeded"
    other = factories.member().id
    made = book(client, shop, service, starts, one, member_id=other, guide_id=second)
    assert made.status_code == 201, made.text
    assert available(shop) == 8  # a month ahead nothing is off the shelf yet
    third = factories.member().id
    bought = client.post(
        "/mp/v1/orders", json=shop.order_body(1), headers={**shop.shopper(third), **idem()}
    )
    assert bought.status_code == 201, bought.text
    # A day before, the beat sets the two fittings' units aside.
    assert place_due(starts - timedelta(hours=23)) == 2
    assert available(shop) == 5
    assert place_due(starts - timedelta(hours=22)) == 0  # held once


def test_units_are_held_only_from_the_lead_before_the_start(
    client: TestClient, limits: Settings
) -> None:
    limits(try_on_hold_lead_hours=24)
    shop, service, _ = salon(4)
    starts = at(day_ahead(3), 11)
    made = book(client, shop, service, starts, [{"sku_id": shop.sku_ids[0], "quantity": 2}])
    assert made.status_code == 201, made.text
    assert made.json()["try_on"] == [{"sku_id": shop.sku_ids[0], "quantity": 2}]
    assert available(shop) == 4
    assert place_due(utcnow()) == 0
    assert place_due(starts - timedelta(hours=25)) == 0
    assert place_due(starts - timedelta(hours=24)) == 1
    assert available(shop) == 2
    # Moved out of the window: the units go back until it comes close again.
    moved = client.post(
        f"/mp/v1/appointments/{made.json()['id']}/reschedule",
        json={"starts_at": at(day_ahead(6), 11).isoformat()},
        headers=shop.shopper(),
    )
    assert moved.status_code == 200, moved.text
    assert available(shop) == 4
    # A short line at the beat leaves the appointment unheld for the next run.
    with UnitOfWork() as uow:
        row = uow.session.get_one(Appointment, made.json()["id"])
        row.try_on = [{"sku_id": shop.sku_ids[0], "quantity": 5}]
        new_start = row.starts_at
        uow.commit()
    assert place_due(new_start - timedelta(hours=1)) == 0
    assert available(shop) == 4
    with UnitOfWork() as uow:
        assert uow.session.get_one(Appointment, made.json()["id"]).try_on_reservation_id is None


def test_one_shopper_sets_aside_at_most_the_cap(client: TestClient, limits: Settings) -> None:
    limits(try_on_units_per_member=4)
    shop, service, _ = salon(10, skus=3)
    a, b, c = shop.sku_ids
    day = day_ahead(2)
    first = book(client, shop, service, at(day, 10), [{"sku_id": a, "quantity": 3}])
    assert first.status_code == 201, first.text
    over = book(client, shop, service, at(day, 12), [{"sku_id": b, "quantity": 2}])
    assert over.status_code == 409 and code(over) == "try_on_limit"
    assert over.json()["error"]["details"] == {"max": 4, "asked": 5}
    assert (
        book(client, shop, service, at(day, 12), [{"sku_id": b, "quantity": 1}]).status_code == 201
    )
    # A cancelled appointment's items no longer count.
    cancelled = client.post(
        f"/mp/v1/appointments/{first.json()['id']}/cancel", headers=shop.shopper()
    )
    assert cancelled.status_code == 200
    assert (
        book(client, shop, service, at(day, 14), [{"sku_id": c, "quantity": 3}]).status_code == 201
    )


def test_an_appointment_moves_at_most_the_cap(client: TestClient, limits: Settings) -> None:
    limits(appointment_max_reschedules=2)
    shop, service, _ = salon(4)
    made = book(client, shop, service, at(day_ahead(2), 10), [])
    assert made.status_code == 201, made.text
    answers = [
        client.post(
            f"/mp/v1/appointments/{made.json()['id']}/reschedule",
            json={"starts_at": at(day_ahead(2), hour).isoformat()},
            headers=shop.shopper(),
        )
        for hour in (11, 12, 13, 14)
    ]
    assert [r.status_code for r in answers] == [200, 200, 409, 409]
    assert code(answers[2]) == "reschedule_limit"
    assert answers[2].json()["error"]["details"] == {"max": 2}


def test_a_shopper_cannot_be_at_two_appointments_at_once(client: TestClient) -> None:
    shop, service, (first, second) = salon(4, guides=2)
    other_shop, other_service, _ = salon(4)
    day = day_ahead(2)
    made = book(client, shop, service, at(day, 10), [], guide_id=first)
    assert made.status_code == 201
    # Half an hour into it, with the other guide, or at another store: refused.
    clash = book(client, shop, service, at(day, 10, 30), [], guide_id=second)
    assert clash.status_code == 409 and code(clash) == "appointment_overlaps"
    elsewhere = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": other_shop.store_id,
            "service_id": other_service,
            "starts_at": at(day, 10).isoformat(),
        },
        headers={**shop.shopper(), **idem()},
    )
    assert elsewhere.status_code == 409 and code(elsewhere) == "appointment_overlaps"
    # Back to back is fine; moving one onto the other is not.
    after = book(client, shop, service, at(day, 11), [], guide_id=second)
    assert after.status_code == 201
    moved = client.post(
        f"/mp/v1/appointments/{after.json()['id']}/reschedule",
        json={"starts_at": at(day, 10).isoformat()},
        headers=shop.shopper(),
    )
    assert moved.status_code == 409 and code(moved) == "appointment_overlaps"
