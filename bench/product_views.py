"""GET /mp/v1/products/{id} with journey recording on vs off (O2O_JOURNEY_VIEWS_RECORDED).

A burst of views from 32 clients (each with its own device id, so every view is noted)
against 200 products, on two servers of the same app and data, one with recording on and
one with it switched off by the setting. Both run at once and take turns in
``BENCH_ROUNDS`` slices (off, on, on, off, ...: each goes first as often as last, so the
caches warming up and the machine's load drifting count against both alike), each side
``BENCH_DURATION`` seconds in all; ``ratio`` = on / off rps over all slices, and
``slice_ratios`` the ratio of each pair; ``cpu_ratio`` compares the servers' CPU time per
request (on / off), which the machine's other load disturbs far less than throughput. The
notes reach a Redis list in batches; ``buffered`` counts them, ``drained`` how many the
beat task's drain then wrote to feedback.journey_events.
"""

from __future__ import annotations

import os
import random
from collections import Counter

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bench.harness import LoadResult, Request, load, serve, servers, sized, write_results

PRODUCTS = 200
CONCURRENCY = 32
DURATION = sized(10.0, override="BENCH_DURATION", minimum=2.0)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))


def merged(parts: list[LoadResult]) -> LoadResult:
    """Slices of one side as one run: requests and time added, latencies pooled."""
    statuses: Counter[int] = Counter()
    for part in parts:
        statuses.update(part.statuses)
    return LoadResult(
        sum(p.count for p in parts),
        sum(p.elapsed for p in parts),
        [ms for p in parts for ms in p.latencies_ms],
        statuses,
    )


def seed_products(engine: Engine) -> list[int]:
    from inventory.models import Product, Sku

    with engine.begin() as connection:
        ids = (
            connection.execute(
                insert(Product).returning(Product.id),
                [
                    {"code": f"BV{n:04d}", "name": f"Bench {n}", "category": "jackets"}
                    for n in range(PRODUCTS)
                ],
            )
            .scalars()
            .all()
        )
        connection.execute(
            insert(Sku),
            [
                {"code": f"BV{n:04d}-0", "product_id": pid, "variant": "M", "price_fen": 19900}
                for n, pid in enumerate(ids)
            ],
        )
    return list(ids)


def main() -> None:
    rng = random.Random(11)
    with servers("product_views") as found:
        engine = found.engine()
        ids = seed_products(engine)

        def view(i: int) -> Request:
            return Request(
                "GET",
                f"/mp/v1/products/{rng.choice(ids)}",
                headers={"X-Device-Id": f"bench-device-{i % 5000:05d}"},
            )

        env = found.env()
        slices: dict[str, list[LoadResult]] = {"true": [], "false": []}
        cpu = {"true": 0.0, "false": 0.0}
        with (
            serve(
                "server.app:create_app", {**env, "O2O_JOURNEY_VIEWS_RECORDED": "true"}, factory=True
            ) as on_server,
            serve(
                "server.app:create_app",
                {**env, "O2O_JOURNEY_VIEWS_RECORDED": "false"},
                factory=True,
            ) as off_server,
        ):
            served = {"true": on_server, "false": off_server}
            for server in served.values():  # both warm before anything is counted
                load(server.base_url, view, concurrency=CONCURRENCY, total=400, warmup=0)
            for n in range(ROUNDS):
                for recorded in ("false", "true") if n % 2 == 0 else ("true", "false"):
                    server = served[recorded]
                    before = server.cpu_seconds()
                    slices[recorded].append(
                        load(
                            server.base_url,
                            view,
                            concurrency=CONCURRENCY,
                            duration=DURATION / ROUNDS,
                            warmup=0,
                        )
                    )
                    cpu[recorded] += server.cpu_seconds() - before
        figures = {side: merged(parts) for side, parts in slices.items()}
        from services.feedback import journey
        from services.platform.cache import get_redis
        from services.platform.db import utcnow
        from services.platform.uow import UnitOfWork

        redis = get_redis()
        buffered = int(redis.llen(journey.BUFFER))
        drained = 0
        while True:
            with UnitOfWork() as uow:
                moved = journey.drain(uow.session, redis, now=utcnow(), batch=5000)
                uow.commit()
            drained += moved
            if moved == 0:
                break
        engine.dispose()
    on, off = figures["true"], figures["false"]
    results = {
        **on.summary(),
        "baseline_rps": round(off.rps, 1),
        "baseline_p99_ms": off.summary().get("p99_ms"),
        "ratio": round(on.rps / off.rps, 3),
        "slice_ratios": [
            round(a.rps / b.rps, 3) for a, b in zip(slices["true"], slices["false"], strict=True)
        ],
        "rounds": ROUNDS,
        # Server CPU per answered request (both workers, user + system), and on / off.
        "cpu_ms_per_request": round(1000 * cpu["true"] / on.count, 3),
        "baseline_cpu_ms_per_request": round(1000 * cpu["false"] / off.count, 3),
        "cpu_ratio": round((cpu["true"] / on.count) / (cpu["false"] / off.count), 3),
        "errors": sum(n for status, n in on.statuses.items() if status != 200),
        "buffered": buffered,
        "drained": drained,
        "concurrency": CONCURRENCY,
        "duration_s": DURATION,
    }
    write_results("product_views", results)


if __name__ == "__main__":
    main()
