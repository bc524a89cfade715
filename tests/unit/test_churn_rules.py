"""Churn warnings (pure): regular, quiet, the usual store and the period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from orders.cases.churn_rules import ChurnRule, Visit, gone_quiet, period_start, usual_store

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
RULE = ChurnRule(visits=3, window_days=90, quiet_days=45, period_days=30)


def _ago(days: int, store: int | None = 1) -> Visit:
    return Visit(NOW - timedelta(days=days), store)


def test_a_regular_quiet_for_the_quiet_days_is_at_risk() -> None:
    assert gone_quiet([_ago(50), _ago(70), _ago(100)], now=NOW, rule=RULE)
    assert gone_quiet([_ago(45), _ago(46), _ago(47)], now=NOW, rule=RULE)


def test_not_quiet_long_enough_or_never_regular_is_not() -> None:
    assert not gone_quiet([_ago(44), _ago(70), _ago(100)], now=NOW, rule=RULE)
    assert not gone_quiet([_ago(50), _ago(70)], now=NOW, rule=RULE)
    # Three visits, but spread wider than the 90 days before the last one.
    assert not gone_quiet([_ago(50), _ago(100), _ago(141)], now=NOW, rule=RULE)
    assert not gone_quiet([], now=NOW, rule=RULE)


def test_the_usual_store_is_the_most_visited_ties_to_the_latest() -> None:
    assert usual_store([_ago(50, 2), _ago(60, 1), _ago(70, 1)]) == 1
    assert usual_store([_ago(50, 2), _ago(60, 1)]) == 2
    assert usual_store([_ago(50, None), _ago(60, None)]) is None
    assert usual_store([_ago(50, None), _ago(60, 3)]) == 3


def test_the_period_is_a_fixed_bin_so_repeated_runs_share_it() -> None:
    start = period_start(NOW, 30)
    assert start <= NOW.date() < start + timedelta(days=30)
    assert period_start(NOW + timedelta(hours=5), 30) == start or NOW.hour + 5 >= 24
    assert period_start(datetime(2000, 1, 31, tzinfo=UTC), 30) == date(2000, 1, 31)
    assert period_start(datetime(2000, 1, 30, tzinfo=UTC), 30) == date(2000, 1, 1)
