"""Answers a newcomer can act on: the payment in the simulated payment's answer, the
guide's store in the tablet login, and agenda rows that say who, when and which order."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from orders.cases.models import ServiceCase
from services.members.models import Member
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from stores.models import Store
from tests import factories
from tests.api.test_service_case_flows import _collected, _open
from tests.shop import idem, open_shop


def test_the_simulated_payment_answers_with_the_payment(client: TestClient) -> None:
    shop = open_shop(units=2)
    placed = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    )
    number = placed.json()["number"]
    paid = client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=shop.shopper())
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid"
    assert paid.json()["payment"] is not None  # was null; a later GET showed it
    later = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()
    assert paid.json()["payment"] == later["payment"]
    assert paid.json()["payment"]["status"] == "succeeded"


def test_the_tablet_login_names_the_guides_store(client: TestClient) -> None:
    shop = open_shop()
    factories.guide(shop.store_id, username="tablet-one")
    answer = client.post(
        "/tablet/v1/auth/login", json={"username": "tablet-one", "password": factories.PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    with UnitOfWork() as uow:
        store = uow.session.get_one(Store, shop.store_id)
        expected = {"id": store.id, "name": store.name, "timezone": store.timezone}
    assert answer.json()["store"] == expected
    factories.manager([shop.region_id], username="boss-one")
    manager = client.post(
        "/manager/v1/auth/login", json={"username": "boss-one", "password": factories.PASSWORD}
    )
    assert manager.status_code == 200 and manager.json()["store"] is None


def test_agenda_pickups_name_the_member_and_cases_carry_their_date_and_order(
    client: TestClient,
) -> None:
    shop = open_shop(units=3)
    number = _collected(client, shop, shop.order_body()["lines"])
    case = _open(client, shop, number, {"kind": "complaint", "reason": "the bag was torn"})
    opened_days_ago = utcnow() - timedelta(days=3)
    with UnitOfWork() as uow:
        uow.session.get_one(ServiceCase, case["id"]).created_at = opened_days_ago
        uow.commit()
    waiting = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    ).json()["number"]
    client.post(f"/mp/v1/orders/{waiting}/simulate-payment", headers=shop.shopper())
    items = client.get("/tablet/v1/agenda", headers=shop.guide()).json()["items"]
    [pickup] = [i for i in items if i["kind"] == "pickup"]
    [queued] = [i for i in items if i["kind"] == "case"]
    with UnitOfWork() as uow:
        name = uow.session.get_one(Member, shop.member_id).name
        timezone = uow.session.get_one(Store, shop.store_id).timezone
    assert (pickup["order_number"], pickup["member_id"], pickup["member_name"]) == (
        waiting,
        shop.member_id,
        name,
    )
    assert queued["order_number"] == number
    assert queued["local_date"] == str(opened_days_ago.astimezone(ZoneInfo(timezone)).date())
