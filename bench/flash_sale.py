"""Flash sale: 64 shoppers race for 1,000 units of one SKU at one store (3,000 attempts).

Each attempt goes through the whole stack: shopper token, Idempotency-Key,
order placement with the stock reservation, then the offline payment through
the webhook confirmation path. Then the sold-out phase: 3,000 more shoppers try
after the last unit went (``soldout_ratio``: their rate against the bare
endpoint). In the same run: the bare baseline endpoint and the raw database
limit of a conditional UPDATE on one hot row.

Quick run: ``O2O_BENCH_SCALE=0.2`` (a fraction of every size; full size unset).
``BENCH_PROFILE=<file.svg>`` records a py-spy flame graph of the API's workers
over the sale and the sold-out phase (slower: for where the time goes, not for
figures); ``BENCH_DB_STATS=1`` adds the database time per function and per
statement (``db_functions``, ``db_statements``) to the results.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import aiohttp
from sqlalchemy import text

from bench import flash_sale_seed, harness
from bench import flash_sale_stats as db_stats

UNITS = harness.sized(1_000, override="BENCH_FLASH_UNITS")
ATTEMPTS = harness.sized(3_000, override="BENCH_FLASH_ATTEMPTS")
SOLDOUT_ATTEMPTS = harness.sized(3_000, override="BENCH_FLASH_SOLDOUT")  # after the last unit went
CONCURRENCY = 64
WARMUP = harness.sized(
    256, override="BENCH_FLASH_WARMUP"
)  # orders (and payments) of another SKU, not counted
SHOPPERS = ATTEMPTS + WARMUP + SOLDOUT_ATTEMPTS  # members 1..SHOPPERS, one token each
BASELINE_SECONDS = 5.0
HOT_ROW_SECONDS = 5.0
HOT_ROW_CONNECTIONS = 16


async def _shop(
    base: str,
    sku_id: int,
    ids: dict[str, int],
    tokens: list[str],
    by_status: dict[int, list[float]],
    key_prefix: str = "flash",
    extra: dict[str, Any] | None = None,
    first: int = 1,
    per_shopper: Callable[[int], dict[str, Any]] | None = None,
) -> harness.LoadResult:
    """Each attempt: place the order, and pay for it when it was accepted.

    One attempt is one latency sample (two requests when the order is accepted), so
    ``rps`` counts attempts and ``ratio`` compares them with bare requests.
    """
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    counter = iter(range(len(tokens)))
    body = {
        "fulfilment": "pickup",
        "store_id": ids["store"],
        "lines": [{"sku_id": sku_id, "quantity": 1}],
        **(extra or {}),
    }
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        started = time.perf_counter()

        async def client() -> None:
            for i in counter:
                auth = {"Authorization": f"Bearer {tokens[i]}"}
                t0 = time.perf_counter()
                # Token i is member ``first + i``; a variant may add what is theirs (a coupon).
                own = per_shopper(first + i) if per_shopper is not None else {}
                async with session.post(
                    "/mp/v1/orders",
                    json={**body, **own},
                    headers={**auth, "Idempotency-Key": f"{key_prefix}-{i}"},
                ) as response:
                    placed: Any = await response.json()
                    status = response.status
                if status == 201:
                    async with session.post(
                        f"/mp/v1/orders/{placed['number']}/simulate-payment", headers=auth
                    ) as paid:
                        await paid.read()
                        status = 201 if paid.status == 200 else paid.status
                latencies.append((time.perf_counter() - t0) * 1000)
                by_status.setdefault(status, []).append(latencies[-1])
                statuses[status] += 1

        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    return harness.LoadResult(len(latencies), elapsed, latencies, statuses)


def _outcome(servers: harness.Servers, ids: dict[str, int]) -> dict[str, int]:
    engine = servers.engine()
    with engine.connect() as connection:
        on_hand, reserved = connection.execute(
            text(
                "SELECT on_hand, reserved FROM inventory.stock WHERE location_id=:l AND sku_id=:s"
            ),
            {"l": ids["location"], "s": ids["sku"]},
        ).one()
        paid = connection.execute(
            text("SELECT count(*) FROM orders.orders WHERE status = 'paid'")
        ).scalar_one()
        sold = connection.execute(
            text(
                "SELECT coalesce(sum(l.quantity), 0) FROM orders.order_lines l"
                " JOIN orders.orders o ON o.id = l.order_id WHERE o.status <> 'expired'"
                " AND l.sku_id = :s"
            ),
            {"s": ids["sku"]},
        ).scalar_one()
    engine.dispose()
    return {"on_hand": on_hand, "reserved": reserved, "paid": paid, "sold": int(sold)}


def main() -> None:
    run("flash_sale")


def run(
    name: str,
    *,
    prepare: Callable[[harness.Servers], Any] | None = None,
    extra: dict[str, Any] | None = None,
    per_shopper: Callable[[int], dict[str, Any]] | None = None,
    check: Callable[[harness.Servers, dict[str, int]], dict[str, Any]] | None = None,
) -> None:
    """The sale; ``prepare`` adds to the seed (before tokens are issued), ``extra`` to each
    order's body and ``per_shopper(member_id)`` to each shopper's, ``check`` to the results
    (a variant: ``bench/flash_sale_points.py``)."""
    with harness.servers(name) as servers:
        ids = flash_sale_seed.seed(servers, units=UNITS, warm_units=WARMUP)
        if prepare is not None:
            prepare(servers)
        tokens = flash_sale_seed.tokens(ATTEMPTS)
        warm_tokens = flash_sale_seed.tokens(WARMUP, first=ATTEMPTS + 1)
        late = ATTEMPTS + WARMUP + 1  # the sold-out phase's first shopper
        late_tokens = flash_sale_seed.tokens(SOLDOUT_ATTEMPTS, first=late)
        if os.environ.get("BENCH_DB_STATS") == "1":
            db_stats.start(servers)
        # Placement and payment run on the event loop: the async pool bounds the
        # transactions in flight per worker (requests queue for a connection).
        env = {
            **servers.env(),
            "O2O_DB_ASYNC_POOL_SIZE": os.environ.get("BENCH_ASYNC_POOL", "2"),
            # Each attempt is a distinct shopper (its own token, one order each), as in a
            # real sale, but all come from 127.0.0.1: lift the per-address limit only.
            "O2O_ORDER_LIMIT_PER_IP": "1000000000",
        }
        with harness.serve("server.app:create_app", env, factory=True) as served:
            # Warm the workers first (pools, prepared statements), as a live server is:
            # other shoppers buying another SKU, not counted.
            harness.run_async(
                _shop(
                    served.base_url,
                    ids["warm"],
                    ids,
                    warm_tokens,
                    {},
                    "warm",
                    extra=extra,
                    first=ATTEMPTS + 1,
                    per_shopper=per_shopper,
                )
            )
            profile = db_stats.profiler(served, os.environ.get("BENCH_PROFILE"))
            by_status: dict[int, list[float]] = {}
            result = harness.run_async(
                _shop(
                    served.base_url,
                    ids["sku"],
                    ids,
                    tokens,
                    by_status,
                    extra=extra,
                    per_shopper=per_shopper,
                )
            )
            # After the last unit: every attempt is refused, and must cost little.
            late_by_status: dict[int, list[float]] = {}
            soldout = harness.run_async(
                _shop(
                    served.base_url,
                    ids["sku"],
                    ids,
                    late_tokens,
                    late_by_status,
                    "late",
                    extra=extra,
                    first=late,
                    per_shopper=per_shopper,
                )
            )
            db_stats.stop(profile)
            peak_rss = served.peak_rss_mb()
        measured = db_stats.collect(servers) if os.environ.get("BENCH_DB_STATS") == "1" else {}
        base = harness.baseline(env, concurrency=CONCURRENCY, duration=BASELINE_SECONDS)
        engine = servers.engine()
        hot_row_tps = harness.raw_tps(
            engine,
            "UPDATE inventory.stock SET reserved = reserved + 1"
            " WHERE location_id = :l AND sku_id = :s AND on_hand - reserved >= 1",
            lambda i: {"l": ids["location"], "s": ids["hot"]},
            threads=HOT_ROW_CONNECTIONS,
            duration=HOT_ROW_SECONDS,
        )
        engine.dispose()
        outcome = _outcome(servers, ids)
        checked = check(servers, ids) if check is not None else {}
    summary = result.summary()
    orders_ok = result.statuses.get(201, 0) + soldout.statuses.get(201, 0)
    late_summary = soldout.summary()
    harness.write_results(
        name,
        {
            "orders_ok": orders_ok,
            "units": UNITS,
            "oversold": max(0, outcome["sold"] - UNITS, outcome["reserved"] - UNITS),
            "rps": summary["rps"],
            "baseline_rps": round(base.rps, 1),
            "ratio": round(result.rps / base.rps, 4) if base.rps else 0.0,
            "p50_ms": summary["p50_ms"],
            "p99_ms": summary["p99_ms"],
            "peak_rss_mb": peak_rss,
            "hot_row_tps": round(hot_row_tps, 1),
            "db_ratio": round(result.rps / hot_row_tps, 4) if hot_row_tps else 0.0,
            "soldout_attempts": soldout.count,
            "soldout_rps": late_summary["rps"],
            "soldout_ratio": round(soldout.rps / base.rps, 4) if base.rps else 0.0,
            "soldout_p99_ms": late_summary["p99_ms"],
            "soldout_statuses": {str(k): v for k, v in sorted(soldout.statuses.items())},
            "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
            "p50_ms_by_status": {
                str(status): round(sorted(values)[len(values) // 2], 1)
                for status, values in sorted(by_status.items())
            },
            "p99_ms_by_status": {
                str(status): round(sorted(values)[int(0.99 * (len(values) - 1))], 1)
                for status, values in sorted(by_status.items())
            },
            "paid_orders": outcome["paid"],
            "reserved_after": outcome["reserved"],
            **checked,
            **measured,
        },
    )


if __name__ == "__main__":
    main()
