"""The manager's wall: dashboard questions answered from the rollups vs. by GROUP BY.

2,000,000 paid orders over two years across 200 stores in 10 regions (with their lines,
scans, check-ins and appointments) are generated set-based in the database in one
bulk-load transaction (nothing is published), then the rollups are built
by the rebuild path (``services.insights.rebuild``, what ``o2o insights rebuild`` runs).

The dashboard's questions (summary tiles with the period before, the daily series, the
channel mix and the store ranking) for one region and for HQ, over 30 and 365 days, are
timed through ``services.insights.queries``; the same figures by a direct GROUP BY over
``orders.orders`` in the same run. ``rollup_lag_ms``: an order committed with the
owners' publishing on, to its count visible in the figures, relayed by the real outbox relay
(``platform.relay_outbox``) polling every 10 ms, the insights consumer run in-process.

``O2O_BENCH_SCALE`` (a fraction) shrinks the history and the members for a quick check,
``BENCH_INSIGHTS_ORDERS`` sets the orders exactly; the stores stay 200.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench import harness
from services.platform import publishing

ORDERS = harness.sized(2_000_000, override="BENCH_INSIGHTS_ORDERS")
REGIONS = 10
STORES = 200
DAYS = 730
MEMBERS = harness.sized(200_000, minimum=1_000)
ROUNDS = 20
LAG_ROUNDS = 40

_SETUP = [
    "INSERT INTO stores.regions (code, name) SELECT 'R' || n, 'Region ' || n"
    " FROM generate_series(1, :regions) n",
    "INSERT INTO stores.stores (code, name, region_id, city, address, latitude, longitude,"
    " status, timezone, pickup_enabled, pickup_ready_minutes, pickup_hold_days, created_at,"
    " updated_at)"
    " SELECT 'S' || n, 'Store ' || n, r.id, 'City', n || ' Road', 31 + n / 100.0, 121,"
    " 'open', 'Asia/Shanghai', true, 120, 7, now(), now()"
    " FROM generate_series(1, :stores) n"
    " JOIN stores.regions r ON r.code = 'R' || (1 + n % :regions)",
    "INSERT INTO inventory.locations (code, kind, name, store_id, active)"
    " SELECT 'L' || s.id, 'store', s.name, s.id, true FROM stores.stores s",
    "INSERT INTO touchpoints.touchpoints (kind, name, region_id, store_id, scene, token_version,"
    " active, created_at, updated_at)"
    " SELECT 'store_entrance', 'Door ' || s.id, s.region_id, s.id, 'b' || s.id, 1, true, now(),"
    " now() FROM stores.stores s",
    "INSERT INTO members.members (openid, joined_at, points)"
    " SELECT 'bench-' || n, now() - make_interval(days => n % :days), 0"
    " FROM generate_series(1, :members) n",
    # Orders: paid over two years, most collected, some expired or refunded.
    "INSERT INTO orders.orders (number, member_id, status, fulfilment, store_id, location_id,"
    " total_fen, currency, refunded_fen, subtotal_fen, coupon_discount_fen, points_spent,"
    " points_discount_fen, points_earned, points_returned, channel, touchpoint_id, guide_id,"
    " hold_until, created_at, paid_at, ready_at, closed_at, updated_at, pickup_code_version,"
    " pickup_code_failures)"
    " SELECT 'B' || n, 1 + (n::bigint * 7919) % :members,"
    "  CASE WHEN n % 10 < 8 THEN 'picked_up' WHEN n % 10 = 8 THEN 'expired' ELSE 'refunded' END,"
    "  'pickup', s.id, s.id, 1000 + (n % 50) * 500, 'CNY',"
    "  CASE WHEN n % 10 = 9 THEN 1000 + (n % 50) * 500 ELSE 0 END, 1000 + (n % 50) * 500,"
    "  0, 0, 0, 0, 0,"
    "  (ARRAY['mini_program', 'qr', 'store_assisted', 'guide_share', 'campaign'])[1 + n % 5],"
    "  CASE WHEN n % 3 = 0 THEN s.id END, NULL, t.paid_at, t.paid_at, t.paid_at,"
    "  t.paid_at + make_interval(mins => 5 + n % 180),"
    "  t.paid_at + make_interval(hours => 1 + n % 70), t.paid_at, 0, 0"
    " FROM generate_series(1, :orders) n"
    " JOIN stores.stores s ON s.code = 'S' || (1 + n % :stores)"
    " CROSS JOIN LATERAL (SELECT now()"
    "   - make_interval(mins => ((n::bigint * 7907) % (:days * 1440))::int) AS paid_at) t",
    "INSERT INTO orders.order_lines (order_id, sku_id, product_name, variant, unit_price_fen,"
    " quantity, coupon_discount_fen, points_discount_fen)"
    " SELECT id, 1, 'Item', 'one', total_fen, 1, 0, 0 FROM orders.orders",
    "INSERT INTO touchpoints.scans (touchpoint_id, member_id, via, action, scanned_at)"
    " SELECT 1 + n % :stores, 1 + n % :members, 'qr', 'check_in',"
    " now() - make_interval(mins => ((n::bigint * 7901) % (:days * 1440))::int)"
    " FROM generate_series(1, :orders) n",
    "INSERT INTO stores.check_ins (store_id, member_id, touchpoint_id, checked_in_at)"
    " SELECT t.store_id, 1 + n % :members, t.id,"
    " now() - make_interval(mins => ((n::bigint * 7877) % (:days * 1440))::int)"
    " FROM generate_series(1, :orders / 2) n"
    " JOIN touchpoints.touchpoints t ON t.id = 1 + n % :stores",
]


def _setup(engine: Engine) -> float:
    started = time.perf_counter()
    params = {"regions": REGIONS, "stores": STORES, "members": MEMBERS, "days": DAYS}
    with engine.begin() as connection:
        connection.execute(text(publishing.SUPPRESS))
        for statement in _SETUP:
            connection.execute(text(statement), {**params, "orders": ORDERS})
    return time.perf_counter() - started


def _rebuild() -> float:
    from services.insights.rebuild import rebuild
    from services.platform.uow import UnitOfWork

    started = time.perf_counter()
    with UnitOfWork() as uow:
        rebuild(uow.session)
        uow.commit()
    return time.perf_counter() - started


def _vacuum(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def _p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20)[-1], 2)


def _timed(ask: Callable[[Any], Any], session: Any, samples: list[float]) -> None:
    started = time.perf_counter()
    ask(session)
    samples.append((time.perf_counter() - started) * 1000)


def _questions(region: int | None, days: int) -> tuple[list[Callable[[Any], Any]], ...]:
    """The dashboard's questions, from the rollups and directly from the orders."""
    from services.insights import queries
    from services.insights.queries import Scope

    end = date.today() + timedelta(days=1)
    start = end - timedelta(days=days)
    scope = Scope(regions=None if region is None else (region,))
    rollup = [
        lambda s: queries.summary(s, scope, start, end),
        lambda s: queries.series(s, scope, start, end, "day"),
        lambda s: queries.breakdown(s, scope, start, end, "channel"),
        lambda s: queries.breakdown(s, scope, start, end, "store"),
    ]
    where = "o.paid_at >= :start AND o.paid_at < :end" + (
        "" if region is None else " AND s.region_id = :region"
    )
    base = f"FROM orders.orders o JOIN stores.stores s ON s.id = o.store_id WHERE {where}"
    figures = (
        "count(*), sum(o.total_fen), sum(o.refunded_fen),"
        " count(*) FILTER (WHERE o.status = 'expired')"
    )
    before = {"start": start - timedelta(days=days), "end": start, "region": region}
    now = {"start": start, "end": end, "region": region}
    local = "(o.paid_at AT TIME ZONE s.timezone)::date"

    def direct(sql: str, *params: dict[str, Any]) -> Callable[[Any], Any]:
        return lambda s: [s.execute(text(sql), p).all() for p in params]

    grouped = [
        direct(f"SELECT {figures} {base}", now, before),
        direct(f"SELECT {local}, {figures} {base} GROUP BY 1", now),
        direct(f"SELECT o.channel, {figures} {base} GROUP BY 1", now),
        direct(f"SELECT o.store_id, {figures} {base} GROUP BY 1", now),
    ]
    return rollup, grouped


def _measure(found: harness.Servers) -> tuple[list[float], list[float]]:
    from services.platform.uow import UnitOfWork

    rollup_ms: list[float] = []
    direct_ms: list[float] = []
    for region in (1, None):
        for days in (30, 365):
            rollup, grouped = _questions(region, days)
            with UnitOfWork() as uow:
                for ask in (*rollup, *grouped):  # warm the caches once
                    ask(uow.session)
                for _ in range(ROUNDS):
                    for ask in rollup:
                        _timed(ask, uow.session, rollup_ms)
                for _ in range(max(3, ROUNDS // 4)):
                    for ask in grouped:
                        _timed(ask, uow.session, direct_ms)
    return rollup_ms, direct_ms


def _lag(engine: Engine) -> list[float]:
    """Order commit to its count in the figures, through the outbox relay."""
    import importlib

    from services.platform.celery_app import celery_app, relay_outbox
    from services.platform.uow import UnitOfWork

    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    importlib.import_module("services.insights.tasks")
    stop = threading.Event()

    def relaying() -> None:
        while not stop.is_set():
            relay_outbox()
            time.sleep(0.01)

    relay = threading.Thread(target=relaying, daemon=True)
    relay.start()
    lags: list[float] = []
    count = "SELECT coalesce(sum(orders), 0) FROM insights.figures_store WHERE store_id = 1"
    try:
        for n in range(LAG_ROUNDS):
            with UnitOfWork() as uow:
                seen = uow.session.scalar(text(count))
            with engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO orders.orders (number, member_id, status, fulfilment,"
                        " store_id, location_id, total_fen, currency, refunded_fen,"
                        " subtotal_fen, coupon_discount_fen, points_spent, points_discount_fen,"
                        " points_earned, points_returned, channel, hold_until, created_at,"
                        " paid_at, updated_at, pickup_code_version, pickup_code_failures)"
                        " VALUES (:n, 1, 'paid', 'pickup', 1, 1, 1000, 'CNY', 0, 1000, 0, 0, 0,"
                        " 0, 0, 'qr', now(), now(), now(), now(), 0, 0)"
                    ),
                    {"n": f"LAG{n}"},
                )
            committed = time.perf_counter()
            while True:
                with UnitOfWork() as uow:
                    if uow.session.scalar(text(count)) > seen:
                        break
                time.sleep(0.002)
            lags.append((time.perf_counter() - committed) * 1000)
    finally:
        stop.set()
        relay.join()
    return lags


def main() -> None:
    with harness.servers("insights") as found:
        engine = found.engine()
        setup_s = _setup(engine)
        rebuild_s = _rebuild()
        _vacuum(engine)
        rollup_ms, direct_ms = _measure(found)
        lags = _lag(engine)
        engine.dispose()
    p95, direct_p95 = _p95(rollup_ms), _p95(direct_ms)
    harness.write_results(
        "insights",
        {
            "orders": ORDERS,
            "stores": STORES,
            "p95_ms": p95,
            "direct_p95_ms": direct_p95,
            "speedup": round(direct_p95 / p95, 1),
            "rollup_lag_ms": _p95(lags),
            "setup_seconds": round(setup_s, 1),
            "rebuild_seconds": round(rebuild_s, 1),
        },
    )


if __name__ == "__main__":
    main()
