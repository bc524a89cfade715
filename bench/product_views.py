"""GET /mp/v1/products/{id} with journey recording on vs off (O2O_JOURNEY_VIEWS_RECORDED).

A burst of views from 32 clients (each with its own device id, so every view is noted)
for ``BENCH_DURATION`` seconds against 200 products, once with recording on and once with
it switched off by the setting, same server and same data; ``ratio`` = on / off rps. The
notes land in a Redis list after each answer; ``buffered`` counts them, ``drained`` how
many the beat task's drain then wrote to feedback.journey_events.
"""

from __future__ import annotations

import os
import random

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bench.harness import Request, load, serve, servers, write_results

PRODUCTS = 200
CONCURRENCY = 32
DURATION = float(os.environ.get("BENCH_DURATION", "10"))


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

        figures = {}
        for recorded in ("true", "false"):
            env = {**found.env(), "O2O_JOURNEY_VIEWS_RECORDED": recorded}
            with serve("server.app:create_app", env, factory=True) as served:
                figures[recorded] = load(
                    served.base_url, view, concurrency=CONCURRENCY, duration=DURATION
                )
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
        "errors": sum(n for status, n in on.statuses.items() if status != 200),
        "buffered": buffered,
        "drained": drained,
        "concurrency": CONCURRENCY,
        "duration_s": DURATION,
    }
    write_results("product_views", results)


if __name__ == "__main__":
    main()
