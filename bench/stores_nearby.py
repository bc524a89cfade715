"""GET /mp/v1/stores at 10,000 stores: 32 clients at random member locations for 10 s,
against the bare baseline served the same way. Also times geopy's distance functions."""

from __future__ import annotations

import random
import time
from datetime import time as clock

from geopy.distance import geodesic, great_circle
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bench import harness
from bench.harness import Request, baseline, load, serve, servers, write_results

# Size knobs for a quick run (the defaults are the full size the figures are quoted at).
STORES = harness.sized(10000, override="BENCH_NEARBY_STORES", minimum=100)
CONCURRENCY = 32
DURATION = harness.sized(10.0, override="BENCH_DURATION", minimum=2.0)


def seed_stores(engine: Engine, rng: random.Random) -> list[tuple[float, float]]:
    """``STORES`` (10,000) open stores around the demo cities; returns member-like query points."""
    from server.seed.geography import chinese_cities, jitter
    from stores.models import OpeningHours, Region, Store

    cities = chinese_cities(min_population=300_000)
    weights = [c.population for c in cities]
    with engine.begin() as connection:
        region_id = connection.execute(
            insert(Region).values(code="bench", name="Bench").returning(Region.id)
        ).scalar_one()
        rows = []
        for n, city in enumerate(rng.choices(cities, weights=weights, k=STORES)):
            lat, lon = jitter(rng, city, sigma_km=8.0)
            rows.append(
                {
                    "code": f"B{n:05d}",
                    "name": f"Bench {n}",
                    "region_id": region_id,
                    "city": city.name,
                    "address": f"{n} Bench Road",
                    "latitude": lat,
                    "longitude": lon,
                    "timezone": "Asia/Shanghai",
                    "status": "open",
                    "pickup_enabled": True,
                    "pickup_ready_minutes": 60,
                    "pickup_hold_days": 7,
                }
            )
        ids = connection.execute(insert(Store).returning(Store.id), rows).scalars().all()
        connection.execute(
            insert(OpeningHours),
            [
                {"store_id": i, "weekday": d, "opens_at": clock(10), "closes_at": clock(22)}
                for i in ids
                for d in range(7)
            ],
        )
    return [jitter(rng, c, sigma_km=10.0) for c in rng.choices(cities, weights=weights, k=5000)]


def distance_costs_us(rng: random.Random) -> dict[str, float]:
    """Microseconds per call of geopy's geodesic and great_circle on random pairs in China."""
    pairs = [
        ((rng.uniform(20, 45), rng.uniform(100, 125)), (rng.uniform(20, 45), rng.uniform(100, 125)))
        for _ in range(2000)
    ]
    costs = {}
    for name, fn in (("geodesic_us", geodesic), ("great_circle_us", great_circle)):
        started = time.perf_counter()
        for a, b in pairs:
            _ = fn(a, b).km
        costs[name] = round((time.perf_counter() - started) / len(pairs) * 1e6, 2)
    return costs


def main() -> None:
    rng = random.Random(7)
    with servers("stores_nearby") as found:
        engine = found.engine()
        points = seed_stores(engine, rng)
        engine.dispose()

        def nearby(i: int) -> Request:
            lat, lon = points[i % len(points)]
            return Request("GET", f"/mp/v1/stores?lat={lat}&lon={lon}&radius_km=10&limit=20")

        with serve("server.app:create_app", found.env(), factory=True) as served:
            app = load(served.base_url, nearby, concurrency=CONCURRENCY, duration=DURATION)
            rss = served.peak_rss_mb()
        base = baseline(found.env(), concurrency=CONCURRENCY, duration=DURATION)
    summary = app.summary()
    results = {
        **summary,
        "baseline_rps": round(base.rps, 1),
        "ratio": round(app.rps / base.rps, 3),
        "peak_rss_mb": rss,
        "errors": sum(n for status, n in app.statuses.items() if status != 200),
        "stores": STORES,
        "concurrency": CONCURRENCY,
        **distance_costs_us(rng),
    }
    write_results("stores_nearby", results)


if __name__ == "__main__":
    main()
