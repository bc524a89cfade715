"""The wall's member and payment figures: new members at their home store, active members
(exact per day, week and month; not summed across days, stores or regions), payment mix."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from services.platform.celery_app import relay_outbox
from services.platform.uow import UnitOfWork
from tests import factories

MONDAY = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai, a Monday
NOVEMBER = {"start": "2026-11-01", "end": "2026-12-01"}
SUMMARY = "/manager/v1/insights/summary"


def _sql(statement: str, **params: Any) -> None:
    with UnitOfWork() as uow:
        uow.session.execute(text(statement), params)
        uow.commit()


def _paid(store_id: int, member_id: int, total_fen: int, at: datetime, gateway: str | None) -> None:
    """A paid order and, in the same transaction as the payment lanes do, its payment."""
    number = f"MP{store_id}-{member_id}-{total_fen}"
    _sql(
        "WITH o AS (INSERT INTO orders.orders (number, member_id, status, fulfilment, store_id,"
        " location_id, total_fen, currency, refunded_fen, subtotal_fen, coupon_discount_fen,"
        " points_spent, points_discount_fen, points_earned, points_returned, channel,"
        " hold_until, created_at, paid_at, updated_at, pickup_code_version,"
        " pickup_code_failures) VALUES (:n, :m, 'paid', 'pickup', :s, 1, :t, 'CNY', 0, :t, 0,"
        " 0, 0, 0, 0, 'qr', :at, :at, :at, :at, 0, 0) RETURNING number, total_fen)"
        " INSERT INTO payments.payments (order_ref, attempt, gateway, amount_fen, currency,"
        " status, refunded_fen, created_at, updated_at)"
        " SELECT number, 1, CAST(:g AS text), total_fen, 'CNY', 'succeeded', 0, :at, :at FROM o"
        " WHERE CAST(:g AS text) IS NOT NULL",
        n=number, m=member_id, s=store_id, t=total_fen, at=at, g=gateway,
    )  # fmt: skip


def _check_in(store_id: int, member_id: int, at: datetime) -> None:
    _sql(
        "INSERT INTO stores.check_ins (store_id, member_id, checked_in_at) VALUES (:s, :m, :at)",
        s=store_id,
        m=member_id,
        at=at,
    )


def _relay() -> None:
    while relay_outbox():
        pass


def test_new_members_count_at_the_store_of_their_first_visit(client: TestClient) -> None:
    east, west = factories.region().id, factories.region().id
    east_store, west_store = factories.store(east).id, factories.store(west).id
    joined = factories.member(joined_at=MONDAY).id
    hq = factories.new_manager_headers(hq=True)
    _relay()
    by_region = {"by": "region", **NOVEMBER}
    answer = client.get("/manager/v1/insights/breakdown", params=by_region, headers=hq)
    assert {r["key"]: r["figures"]["new_members"] for r in answer.json()} == {"0": 1}
    _check_in(west_store, joined, MONDAY + timedelta(days=3))
    _relay()
    _check_in(east_store, joined, MONDAY + timedelta(days=1))  # earlier: the first visit
    _relay()
    rows = client.get("/manager/v1/insights/breakdown", params=by_region, headers=hq).json()
    assert {r["key"]: r["figures"]["new_members"] for r in rows if r["figures"]["new_members"]} == {
        str(east): 1
    }
    east_manager = factories.new_manager_headers((east,))
    stores = client.get(
        "/manager/v1/insights/breakdown", params={"by": "store", **NOVEMBER}, headers=east_manager
    ).json()
    assert [(r["key"], r["figures"]["new_members"]) for r in stores] == [(str(east_store), 1)]


def test_active_members_are_distinct_per_period_store_and_region(client: TestClient) -> None:
    east, west = factories.region().id, factories.region().id
    east_a, east_b = factories.store(east).id, factories.store(east).id
    west_store = factories.store(west).id
    ann, bob = factories.member().id, factories.member().id
    _paid(east_a, ann, 10000, MONDAY, "wechatpay")
    _check_in(east_b, ann, MONDAY)  # same day, another store of the region
    _check_in(east_a, ann, MONDAY + timedelta(days=2))  # same week
    _check_in(west_store, ann, MONDAY + timedelta(days=9))  # next week, another region
    _check_in(east_a, bob, MONDAY + timedelta(days=2))
    _relay()
    both = factories.new_manager_headers((east, west))
    east_only = factories.new_manager_headers((east,))
    weeks = client.get(
        "/manager/v1/insights/series",
        params={"interval": "week", "start": "2026-11-02", "end": "2026-11-16"},
        headers=east_only,
    ).json()
    assert [(p["at"], p["figures"]["active_members"]) for p in weeks] == [("2026-11-02", 2)]
    # Daily: Monday Ann, Wednesday Ann and Bob; the week's average over its 7 days.
    assert weeks[0]["figures"]["active_daily_avg"] == round(3 / 7, 1)
    month = client.get(SUMMARY, params=NOVEMBER, headers=both).json()["figures"]
    assert month["active_members"] == 2  # Ann in both regions counts once
    assert (
        client.get(SUMMARY, params=NOVEMBER, headers=east_only).json()["figures"]["active_members"]
        == 2
    )
    store_a = client.get(SUMMARY, params={**NOVEMBER, "store_id": east_a}, headers=both).json()
    assert store_a["figures"]["active_members"] == 2
    thirty = {"start": "2026-11-02", "end": "2026-12-02"}  # not one month: no exact count
    figures = client.get(SUMMARY, params=thirty, headers=both).json()["figures"]
    assert figures["active_members"] is None
    assert figures["active_daily_avg"] == round(4 / 30, 1)  # Mon, Wed (2), next Wednesday
    regions = client.get(
        "/manager/v1/insights/breakdown", params={"by": "region", **NOVEMBER}, headers=both
    ).json()
    assert {r["key"]: r["figures"]["active_members"] for r in regions} == {
        str(east): 2,
        str(west): 1,
    }


def test_payment_methods_count_each_order_by_its_payment(client: TestClient) -> None:
    region = factories.region().id
    store = factories.store(region).id
    member = factories.member().id
    _paid(store, member, 10000, MONDAY, "wechatpay")
    _paid(store, member, 20000, MONDAY, "wechatpay")
    _paid(store, member, 30000, MONDAY, "counter")
    _paid(store, member, 5000, MONDAY, "stripe")
    _paid(store, member, 1000, MONDAY, None)  # bulk-loaded history: no payment recorded
    _paid(store, member, 7000, MONDAY - timedelta(days=1), "counter")  # outside the period
    _relay()
    manager = factories.new_manager_headers((region,))
    # November less its first day: its month row less that day's row (queries.pieces).
    period = {"start": "2026-11-02", "end": "2026-12-01"}
    mix = client.get("/manager/v1/insights/payment_methods", params=period, headers=manager)
    assert mix.status_code == 200, mix.text
    assert [(r["method"], r["orders"], r["gmv_fen"]) for r in mix.json()] == [
        ("wechatpay", 2, 30000),
        ("card", 1, 5000),
        ("counter", 1, 30000),
        ("other", 1, 1000),
    ]
    assert mix.json()[0]["gmv_share"] == round(30000 / 66000, 4)
    tiles = client.get(SUMMARY, params=period, headers=manager).json()["figures"]
    assert tiles["pay_counter_fen"] == 30000 and tiles["orders"] == 5
    as_csv = client.get(
        "/manager/v1/insights/payment_methods",
        params={**period, "format": "csv"},
        headers=manager,
    )
    assert {r["method"]: r["orders"] for r in csv.DictReader(io.StringIO(as_csv.text))} == {
        "wechatpay": "2",
        "card": "1",
        "counter": "1",
        "other": "1",
    }
