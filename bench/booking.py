"""64 clients book random free-looking slots of one store for 10 s (many collide).

Writes ``bench/results/booking.json``: ``{"bookings", "double_booked", "rps", "ratio"}``;
``double_booked`` counts pairs of live appointments of one guide whose blocked times
overlap, and must be 0. Conflicts (409) are the expected answer for a slot taken first.
"""

from __future__ import annotations

import os
import random
from datetime import timedelta

from sqlalchemy import text

from bench import harness
from bench.harness import Request, baseline, load, serve, servers, write_results
from bench.slots import DAYS, seed_salon

CONCURRENCY = 64
DURATION = harness.sized(10.0, override="BENCH_DURATION", minimum=2.0)
WARMUP = int(os.environ.get("BENCH_BOOKING_WARMUP", "256"))


def main() -> None:
    from services.platform.auth import Principal, issue_token
    from services.platform.settings import get_settings

    rng = random.Random(13)
    with servers("booking") as found:
        engine = found.engine()
        salon = seed_salon(engine, rng, fill=0.2)
        store, services, guides, members = (
            salon["store"],
            salon["services"],
            salon["guides"],
            salon["members"],
        )
        assert isinstance(services, list) and isinstance(guides, list)
        assert isinstance(members, list)
        settings = get_settings()
        tokens = [
            "Bearer " + issue_token(Principal("shopper", m), settings) for m in members[:4000]
        ]
        # Candidate starts on the 30-minute grid, local 10:00-19:30, over the next DAYS days.
        first = salon["first"]
        starts = []
        with engine.connect() as connection:
            for day in range(DAYS):
                for half_hour in range(20):
                    day_of = first + timedelta(days=day)  # type: ignore[operator]
                    hour, minute = 10 + half_hour // 2, 30 * (half_hour % 2)
                    local = f"{day_of} {hour}:{minute:02d}"
                    starts.append(
                        connection.execute(
                            text("SELECT (CAST(:t AS timestamp) AT TIME ZONE 'Asia/Shanghai')"),
                            {"t": local},
                        ).scalar_one()
                    )

        def book(i: int) -> Request:
            body: dict[str, object] = {
                "store_id": store,
                "service_id": rng.choice(services),
                "starts_at": rng.choice(starts).isoformat(),
            }
            if rng.random() < 0.5:
                body["guide_id"] = rng.choice(guides)
            return Request(
                "POST",
                "/mp/v1/appointments",
                headers={"Authorization": tokens[i % len(tokens)], "Idempotency-Key": f"b-{i}"},
                json=body,
            )

        env = {
            **found.env(),
            # One shopper books many times in the run: the caps are for abuse, not this load.
            "O2O_APPOINTMENT_MAX_OPEN_PER_MEMBER": "100000",
            "O2O_APPOINTMENT_MAX_BOOKINGS_PER_DAY": "100000",
        }
        # The warm-up asks for 03:00 local, when the store is closed: the whole path runs
        # (caps, guides, calendars; a named guide's lock) and is refused, so every worker's
        # connections and threads are open before the measured run and nothing is booked.
        closed = starts[0] - timedelta(hours=7)

        def refused(i: int) -> Request:
            request = book(i)
            request.json = {**request.json, "starts_at": closed.isoformat()}
            request.headers = {**(request.headers or {}), "Idempotency-Key": f"warm-{i}"}
            return request

        with serve("server.app:create_app", env, factory=True) as served:
            load(served.base_url, refused, concurrency=CONCURRENCY, total=WARMUP, warmup=0)
            result = load(
                served.base_url, book, concurrency=CONCURRENCY, duration=DURATION, warmup=0
            )
        bare = baseline(env, concurrency=CONCURRENCY, duration=DURATION)
        with engine.connect() as connection:
            double = connection.execute(
                text(
                    "SELECT count(*) FROM stores.appointments a JOIN stores.appointments b"
                    " ON a.guide_id = b.guide_id AND a.id < b.id"
                    " AND a.blocked_from < b.blocked_until AND b.blocked_from < a.blocked_until"
                    " WHERE a.status IN ('booked', 'checked_in')"
                    " AND b.status IN ('booked', 'checked_in')"
                )
            ).scalar_one()
        engine.dispose()
    summary = result.summary()
    write_results(
        "booking",
        {
            "bookings": result.statuses.get(201, 0),
            "double_booked": int(double),
            "rps": summary["rps"],
            "ratio": round(result.rps / bare.rps, 3) if bare.rps else 0.0,
            "baseline_rps": round(bare.rps, 1),
            "p50_ms": summary["p50_ms"],
            "p99_ms": summary["p99_ms"],
            "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
            "concurrency": CONCURRENCY,
        },
    )


if __name__ == "__main__":
    main()
