"""The guide's own figures: sales credited and appointments, today and this month."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from stores.appointments import agenda, figures
from stores.appointments.models import Appointment
from tests import factories
from tests.booking import add_service
from tests.shop import Shop, idem, open_shop


def _sale(client: TestClient, shop: Shop, guide: dict, member_id: int, *, pay: bool) -> int:
    sale = client.post(
        "/tablet/v1/sales",
        json={"member_id": member_id, "lines": [{"sku_id": shop.sku_ids[0], "quantity": 1}]},
        headers={**guide, **idem()},
    ).json()
    if pay:
        paid = client.post(
            f"/tablet/v1/sales/{sale['number']}/counter-payment",
            json={"amount_fen": sale["total_fen"], "method": "cash"},
            headers=guide,
        )
        assert paid.status_code == 200, paid.text
    return int(sale["total_fen"])


def _appointments(store_id: int, guide_id: int, rows: list[tuple[object, str]]) -> None:
    service_id = add_service(store_id, [guide_id])
    with UnitOfWork() as uow:
        for start, status in rows:
            uow.session.add(
                Appointment(
                    store_id=store_id,
                    guide_id=guide_id,
                    service_id=service_id,
                    member_id=factories.member().id,
                    status=status,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=30),  # type: ignore[operator]
                    blocked_from=start,
                    blocked_until=start + timedelta(minutes=30),  # type: ignore[operator]
                )
            )
        uow.commit()


def test_a_guide_sees_only_their_own_sales_and_appointments(client: TestClient) -> None:
    shop = open_shop(units=20)
    me = shop.guide()
    colleague_id = factories.guide(shop.store_id).id
    colleague = factories.guide_headers(colleague_id, shop.store_id)
    paid = _sale(client, shop, me, shop.member_id, pay=True)
    _sale(client, shop, me, factories.member().id, pay=False)  # not paid: not a sale yet
    _sale(client, shop, colleague, factories.member().id, pay=True)  # theirs

    tz = "Asia/Shanghai"  # the factories' stores
    today = agenda.local_today(tz, utcnow())
    day_start, _ = agenda.store_day_bounds(tz, today)
    month_start, _ = figures.month_bounds(tz, today)
    earlier = month_start + timedelta(minutes=1)
    last_month = month_start - timedelta(days=3)
    _appointments(
        shop.store_id,
        shop.guide_id,
        [
            (day_start + timedelta(minutes=1), "completed"),
            (day_start + timedelta(minutes=2), "no_show"),
            (day_start + timedelta(minutes=3), "cancelled"),
            (earlier, "checked_in"),
            (last_month, "completed"),
        ],
    )
    _appointments(shop.store_id, colleague_id, [(day_start + timedelta(minutes=1), "no_show")])

    seen = client.get("/tablet/v1/me/figures", headers=me)
    assert seen.status_code == 200, seen.text
    view = seen.json()
    assert (view["guide_id"], view["today"]) == (shop.guide_id, str(today))
    same_day = earlier >= day_start  # on the 1st the month so far is today
    for period, held in (("day", 2 if same_day else 1), ("month", 2)):
        got = view[period]
        assert (got["orders"], got["gmv_fen"], got["assisted_orders"]) == (1, paid, 1), period
        assert (got["appointments_held"], got["no_shows"]) == (held, 1), period
    theirs = client.get("/tablet/v1/me/figures", headers=colleague).json()
    assert (theirs["day"]["orders"], theirs["day"]["no_shows"]) == (1, 1)
    assert theirs["day"]["appointments_held"] == 0
