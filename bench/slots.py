"""Slot search at one store: 20 guides, 3 services, 14 days ahead, half the slots booked;
32 clients for 10 s against the bare baseline in the same run.

Writes ``bench/results/slots.json``: ``{"rps", "baseline_rps", "ratio", "p50_ms", "p99_ms"}``.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from bench import harness
from bench.harness import Request, baseline, load, serve, servers, write_results

GUIDES = 20
DAYS = 14
CONCURRENCY = 32
DURATION = harness.sized(10.0, override="BENCH_DURATION", minimum=2.0)
SERVICES = ((30, 0, 10), (60, 0, 15), (90, 15, 15))  # minutes, buffer before, after
TZ = "Asia/Shanghai"


def seed_salon(engine: Engine, rng: random.Random, *, fill: float) -> dict[str, object]:
    """One open store with guides working 10-20 daily and three services; ``fill`` of each
    guide's free starts (of the first service, booked back to back) taken by members."""
    from stores.appointments.models import (
        Appointment,
        AppointmentService,
        GuideService,
        WorkingHours,
    )
    from stores.appointments.slots import (
        GuideCalendar,
        LocalHours,
        ServiceRule,
        StoreCalendar,
        bookable_slots,
        occupied,
    )

    with engine.begin() as connection:
        region = connection.execute(
            text("INSERT INTO stores.regions (code, name) VALUES ('bench', 'Bench') RETURNING id")
        ).scalar_one()
        store = connection.execute(
            text(
                "INSERT INTO stores.stores (code, name, region_id, city, address, latitude,"
                " longitude, timezone, status, pickup_enabled, pickup_ready_minutes,"
                " pickup_hold_days, created_at, updated_at) VALUES ('B-SALON', 'Bench salon',"
                " :region, 'Shanghai', 'Bench Road', 31.2, 121.47, :tz, 'open', true, 60, 3,"
                " now(), now()) RETURNING id"
            ),
            {"region": region, "tz": TZ},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO stores.opening_hours (store_id, weekday, opens_at, closes_at)"
                " SELECT :store, d, '10:00', '21:00' FROM generate_series(0, 6) AS d"
            ),
            {"store": store},
        )
        guides = [
            connection.execute(
                text(
                    "INSERT INTO stores.guides (store_id, username, name, password_hash, active,"
                    " created_at) VALUES (:store, :u, :u, 'x', true, now()) RETURNING id"
                ),
                {"store": store, "u": f"bench-g{n}"},
            ).scalar_one()
            for n in range(GUIDES)
        ]
        connection.execute(
            insert(WorkingHours),
            [
                {"guide_id": g, "weekday": d, "starts_at": time(10), "ends_at": time(20)}
                for g in guides
                for d in range(7)
            ],
        )
        services = [
            connection.execute(
                insert(AppointmentService)
                .values(
                    store_id=store,
                    name=f"Service {minutes}",
                    description="",
                    duration_minutes=minutes,
                    buffer_before_minutes=before,
                    buffer_after_minutes=after,
                    interval_minutes=30,
                    price_fen=0,
                    currency="CNY",
                    active=True,
                    created_at=datetime.now(UTC),
                    updated_at=datetime.now(UTC),
                )
                .returning(AppointmentService.id)
            ).scalar_one()
            for minutes, before, after in SERVICES
        ]
        connection.execute(
            insert(GuideService),
            [{"service_id": s, "guide_id": g} for s in services for g in guides],
        )
        connection.execute(
            text(
                "INSERT INTO members.members (openid, name, joined_at, points, care_opt_out)"
                " SELECT 'bench-' || g, 'Member ' || g, now(), 0, false"
                " FROM generate_series(1, 20000) AS g"
            )
        )
        members = [r[0] for r in connection.execute(text("SELECT id FROM members.members"))]
        now = datetime.now(UTC)
        first = now.astimezone(ZoneInfo(TZ)).date() + timedelta(days=1)
        last = first + timedelta(days=DAYS - 1)
        minutes, before, after = SERVICES[0]
        rule = ServiceRule(
            duration=timedelta(minutes=minutes),
            interval=timedelta(minutes=minutes + after),
            buffer_before=timedelta(minutes=before),
            buffer_after=timedelta(minutes=after),
        )
        week = {d: [LocalHours(time(10), time(20))] for d in range(7)}
        calendar = StoreCalendar(
            timezone=TZ,
            weekly={d: [LocalHours(time(10), time(21))] for d in range(7)},
            booking_window=timedelta(days=DAYS + 2),
        )
        rows = []
        for g in guides:
            slots = bookable_slots(
                store=calendar,
                guides=[GuideCalendar(guide_id=g, weekly=week)],
                rule=rule,
                first=first,
                last=last,
                now=now,
            )
            for slot in slots:
                if rng.random() < fill:
                    blocked = occupied(slot.start, rule=rule)
                    rows.append(
                        {
                            "store_id": store,
                            "guide_id": g,
                            "service_id": services[0],
                            "member_id": rng.choice(members),
                            "status": "booked",
                            "starts_at": slot.start,
                            "ends_at": slot.end,
                            "blocked_from": blocked.start,
                            "blocked_until": blocked.end,
                        }
                    )
        if rows:
            connection.execute(insert(Appointment), rows)
    return {
        "store": store,
        "guides": guides,
        "services": services,
        "members": members,
        "first": first,
        "booked": len(rows),
    }


def main() -> None:
    rng = random.Random(11)
    with servers("slots") as found:
        engine = found.engine()
        salon = seed_salon(engine, rng, fill=0.5)
        engine.dispose()
        store, services, guides = salon["store"], salon["services"], salon["guides"]
        first = salon["first"]
        assert isinstance(services, list) and isinstance(guides, list)

        def search(i: int) -> Request:
            service = services[i % len(services)]
            start = first
            end = first + timedelta(days=DAYS - 1)  # type: ignore[operator]
            guide = f"&guide={guides[i % len(guides)]}" if i % 4 == 0 else ""
            return Request(
                "GET",
                f"/mp/v1/stores/{store}/slots?service={service}&from={start}&to={end}{guide}",
            )

        with serve("server.app:create_app", found.env(), factory=True) as served:
            app = load(served.base_url, search, concurrency=CONCURRENCY, duration=DURATION)
            rss = served.peak_rss_mb()
        base = baseline(found.env(), concurrency=CONCURRENCY, duration=DURATION)
    summary = app.summary()
    write_results(
        "slots",
        {
            "rps": summary["rps"],
            "baseline_rps": round(base.rps, 1),
            "ratio": round(app.rps / base.rps, 3) if base.rps else 0.0,
            "p50_ms": summary["p50_ms"],
            "p99_ms": summary["p99_ms"],
            "errors": sum(n for status, n in app.statuses.items() if status != 200),
            "guides": GUIDES,
            "days": DAYS,
            "booked": salon["booked"],
            "concurrency": CONCURRENCY,
            "peak_rss_mb": rss,
        },
    )


if __name__ == "__main__":
    main()
