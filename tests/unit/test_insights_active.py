"""Active member periods, which rows answer a scope, and the payment mix (pure)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.insights.active import kept_period, period_end, period_start, whole
from services.insights.active_queries import average, level
from services.insights.figures import PAYMENT_METHODS, payment_mix
from services.insights.periods import Scope

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize("offset", range(0, 400, 7))
def test_every_day_lies_in_the_period_that_starts_before_it(offset: int) -> None:
    day = date(2025, 12, 25) + timedelta(days=offset)
    for grain in ("day", "week", "month"):
        first = period_start(day, grain)
        assert first <= day < period_end(first, grain)
        assert period_start(period_end(first, grain), grain) == period_end(first, grain)
    assert period_start(day, "week").weekday() == 0
    assert period_start(day, "month").day == 1


def test_kept_periods_are_one_whole_day_week_or_month() -> None:
    assert kept_period(date(2026, 11, 10), date(2026, 11, 11), TODAY) == "day"
    assert kept_period(date(2026, 11, 9), date(2026, 11, 16), TODAY) == "week"
    assert kept_period(date(2026, 10, 1), date(2026, 11, 1), TODAY) == "month"
    assert kept_period(date(2026, 10, 2), date(2026, 11, 1), TODAY) is None  # 30 days
    assert kept_period(date(2026, 10, 1), date(2026, 11, 2), TODAY) is None  # a month and a day
    assert kept_period(date(2026, 11, 9), date(2026, 11, 13), TODAY) is None  # cut in the past


def test_the_current_period_so_far_is_kept() -> None:
    tomorrow = TODAY + timedelta(days=1)
    assert kept_period(date(2026, 11, 16), tomorrow, TODAY) == "week"
    assert kept_period(date(2026, 11, 1), tomorrow, TODAY) == "month"
    assert whole(date(2026, 11, 16), "week", date(2026, 11, 1), tomorrow, TODAY)
    # A series bucket cut at the window's start is not whole.
    assert not whole(date(2026, 10, 26), "week", date(2026, 10, 28), tomorrow, TODAY)


def test_average_daily_actives() -> None:
    assert average(3, date(2026, 11, 2), date(2026, 11, 9)) == 0.4
    assert average(0, date(2026, 11, 2), date(2026, 11, 3)) == 0.0
    assert average(5, date(2026, 11, 2), date(2026, 11, 2)) is None


def test_each_scope_reads_its_own_level() -> None:
    assert level(Scope(regions=None)).where == "store_id = -1 AND region_id = -1"
    one = level(Scope(regions=(4,)))
    assert one.where == "region_id = ANY(:a_regions) AND store_id = -1" and not one.distinct
    assert level(Scope(regions=(4, 5))).distinct  # no level of their own: distinct members
    assert not level(Scope(regions=(4, 5), region_id=5)).distinct
    assert "store_id = :a_store" in level(Scope(regions=(4, 5), store_id=9)).where
    assert not level(Scope(regions=(4, 5)), by="region").distinct
    assert "store_id >= 0" in level(Scope(regions=None), by="store").where


def test_payment_mix_shares() -> None:
    figures = {"pay_wechatpay_orders": 3, "pay_wechatpay_fen": 900, "pay_counter_orders": 1}
    figures["pay_counter_fen"] = 100
    rows = payment_mix(figures)
    assert [r["method"] for r in rows] == list(PAYMENT_METHODS)
    assert rows[0] == {
        "method": "wechatpay",
        "orders": 3,
        "gmv_fen": 900,
        "order_share": 0.75,
        "gmv_share": 0.9,
    }
    assert rows[1]["order_share"] == 0.0
    assert payment_mix({})[0]["gmv_share"] is None
