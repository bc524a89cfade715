"""The wall's API: figures from the rollups, scoped to the manager's regions, CSV tables."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from services.platform.celery_app import relay_outbox
from services.platform.uow import UnitOfWork
from tests import factories

PAID = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
PERIOD = {"start": "2026-11-14", "end": "2026-11-28"}


def _order(store_id: int, total_fen: int, *, paid_at: datetime, channel: str = "qr") -> None:
    with UnitOfWork() as uow:
        uow.session.execute(
            text(
                "INSERT INTO orders.orders (number, member_id, status, fulfilment, store_id,"
                " location_id, total_fen, currency, refunded_fen, subtotal_fen,"
                " coupon_discount_fen, points_spent, points_discount_fen, points_earned,"
                " points_returned, channel, hold_until, created_at, paid_at, updated_at,"
                " pickup_code_version, pickup_code_failures) VALUES (:n, 1, 'paid', 'pickup',"
                " :s, 1, :t, 'CNY', 0, :t, 0, 0, 0, 0, 0, :ch, :at, :at, :at, :at, 0, 0)"
            ),
            {"n": f"I{store_id}-{total_fen}", "s": store_id, "t": total_fen, "ch": channel,
             "at": paid_at},
        )  # fmt: skip
        uow.commit()


def _wall() -> tuple[int, int, int, int]:
    east, west = factories.region().id, factories.region().id
    east_store, west_store = factories.store(east).id, factories.store(west).id
    _order(east_store, 10000, paid_at=PAID)
    _order(east_store, 30000, paid_at=PAID + timedelta(days=1), channel="mini_program")
    _order(east_store, 5000, paid_at=PAID - timedelta(days=14))  # the period before
    _order(west_store, 70000, paid_at=PAID)
    assert relay_outbox() > 0  # the real relay delivers the trigger messages to insights
    return east, west, east_store, west_store


def test_a_regional_manager_sees_only_their_regions_and_hq_sees_all(client: TestClient) -> None:
    east, west, east_store, _ = _wall()
    manager = factories.new_manager_headers((east,))
    tiles = client.get("/manager/v1/insights/summary", params=PERIOD, headers=manager)
    assert tiles.status_code == 200, tiles.text
    body = tiles.json()
    assert body["figures"]["orders"] == 2
    assert body["figures"]["gmv_fen"] == 40000
    assert body["figures"]["aov_fen"] == 20000
    assert body["previous"]["gmv_fen"] == 5000
    assert body["change_pct"]["gmv_fen"] == 700.0
    hq = client.get(
        "/manager/v1/insights/summary",
        params=PERIOD,
        headers=factories.new_manager_headers(hq=True),
    )
    assert hq.json()["figures"]["gmv_fen"] == 110000
    other = client.get(
        "/manager/v1/insights/summary", params={**PERIOD, "region_id": west}, headers=manager
    )
    assert other.status_code == 403
    assert other.json()["error"]["code"] == "region_forbidden"
    by_store = client.get(
        "/manager/v1/insights/breakdown", params={**PERIOD, "by": "store"}, headers=manager
    )
    assert [row["key"] for row in by_store.json()] == [str(east_store)]


def test_guides_and_strangers_see_nothing(client: TestClient) -> None:
    _, _, east_store, _ = _wall()
    guide = factories.guide(east_store)
    headers = factories.guide_headers(guide.id, east_store)
    for path in ("summary", "series", "funnel"):
        assert client.get(f"/manager/v1/insights/{path}", headers=headers).status_code == 401
        assert client.get(f"/manager/v1/insights/{path}").status_code == 401


def test_series_by_day_and_channel_mix_as_csv(client: TestClient) -> None:
    east, *_ = _wall()
    manager = factories.new_manager_headers((east,))
    days = client.get("/manager/v1/insights/series", params=PERIOD, headers=manager).json()
    assert [(p["at"], p["figures"]["gmv_fen"]) for p in days] == [
        ("2026-11-20", 10000),
        ("2026-11-21", 30000),
    ]
    mix = client.get(
        "/manager/v1/insights/breakdown",
        params={**PERIOD, "by": "channel", "format": "csv"},
        headers=manager,
    )
    assert mix.headers["content-type"].startswith("text/csv")
    rows = {row["channel"]: row for row in csv.DictReader(io.StringIO(mix.text))}
    assert {k: rows[k]["gmv_fen"] for k in rows} == {"mini_program": "30000", "qr": "10000"}


def test_a_period_longer_than_a_year_is_refused(client: TestClient) -> None:
    manager = factories.new_manager_headers(hq=True)
    answer = client.get(
        "/manager/v1/insights/summary",
        params={"start": "2024-01-01", "end": "2026-01-01"},
        headers=manager,
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "bad_period"


def test_the_default_period_ends_on_shanghai_s_today_not_utc_s(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 17:00 UTC is 01:00 the next day in Shanghai: an order paid then is today's.
    evening = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    monkeypatch.setattr("manager_api.insights_params.utcnow", lambda: evening)
    east = factories.region().id
    _order(factories.store(east).id, 12300, paid_at=evening)
    assert relay_outbox() > 0
    manager = factories.new_manager_headers((east,))
    tiles = client.get("/manager/v1/insights/summary", params={"days": 7}, headers=manager)
    assert tiles.status_code == 200, tiles.text
    assert (tiles.json()["start"], tiles.json()["end"]) == ("2026-11-15", "2026-11-22")
    assert tiles.json()["figures"]["gmv_fen"] == 12300


def test_breakdowns_and_the_funnel_name_what_they_count(client: TestClient) -> None:
    east, _, east_store, _ = _wall()
    manager = factories.new_manager_headers((east,))
    rows = client.get(
        "/manager/v1/insights/breakdown", params={**PERIOD, "by": "store"}, headers=manager
    ).json()
    with UnitOfWork() as uow:
        code, name = uow.session.execute(
            text("SELECT code, name FROM stores.stores WHERE id = :id"), {"id": east_store}
        ).one()
    assert [(r["key"], r["name"]) for r in rows] == [(str(east_store), f"{code} {name}")]
    as_csv = client.get(
        "/manager/v1/insights/breakdown",
        params={**PERIOD, "by": "store", "format": "csv"},
        headers=manager,
    )
    assert next(csv.DictReader(io.StringIO(as_csv.text)))["name"] == f"{code} {name}"
    channels = client.get(
        "/manager/v1/insights/breakdown", params={**PERIOD, "by": "channel"}, headers=manager
    ).json()
    assert {r["name"] for r in channels} == {"qr", "mini program"}
