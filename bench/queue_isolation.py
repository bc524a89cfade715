"""Queue isolation: orders reach the wall while a 5,000-member campaign fans out.

The API (``o2o serve``'s launcher) and the workers run as the split layout runs them: one
worker process per queue group (``server/roles.py`` WORKER_GROUPS, commands from
``server/split.py``) and one beat. A near-store campaign to every member is launched; its
batches go to ``bulk`` and its 5,000 messages to ``notifications``. While it sends, one
shopper after another places and pays an order through the API, and the time from the
payment's answer to the order counted in the wall's figures (the insights consumer,
queue ``insights``, after the outbox relay on ``payments``) is one lag sample.

The in-run reference (``shared``): the same run with one ``o2o worker`` consuming every
queue at concurrency 2, as plain ``make up`` runs it. Each layout also reports its lag
before the launch (``quiet_lag_*``), measured by the same processes. Before the queues,
every task shared one line and the lag during a fan-out was about 14 s (issue 24).

``BENCH_QUEUE_MEMBERS`` (default 5,000) sizes the campaign for a quick run;
``BENCH_QUEUE_SHAPES`` (default ``split,shared``) picks the layouts.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import redis
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench import harness
from bench.flash_sale_seed import SHANGHAI, shanghai_store

MEMBERS = harness.sized(5000, override="BENCH_QUEUE_MEMBERS", minimum=100)
SHAPES = os.environ.get("BENCH_QUEUE_SHAPES", "split,shared").split(",")
MAX_ORDERS = 300
WARMUP_ORDERS = 3
#: Orders measured before the launch: the same processes' lag with no fan-out.
QUIET_ORDERS = 10
STORE_AT = SHANGHAI
#: Seconds an order may take to reach the wall before the run is called broken.
GIVE_UP = 120.0


def _seed(engine: Engine) -> dict[str, int]:
    """A store with stock, ``MEMBERS`` consenting members living around it, a campaign."""
    from inventory import ledger
    from inventory.models import Location, Product, Sku
    from services.campaigns import service
    from services.campaigns.schemas import CampaignCreate
    from services.platform.db import utcnow
    from services.platform.settings import get_settings
    from services.platform.uow import UnitOfWork

    with UnitOfWork() as uow:
        session = uow.session
        store = shanghai_store(session, code="SH-1", name="Shanghai")
        product = Product(code="TEE", name="Tee", category="tops")
        session.add_all([store, product])
        session.flush()
        sku = Sku(code="TEE-M", product_id=product.id, variant="M", price_fen=9900)
        location = Location(code="L-SH-1", kind="store", store_id=store.id, name="Shanghai")
        session.add_all([sku, location])
        session.flush()
        ledger.move(
            session=session,
            location_id=location.id,
            changes={sku.id: 10**6},
            kind="receipt",
            source_type="delivery",
            source_id="BENCH-OPENING-STOCK",
        )
        ids = {"store": store.id, "sku": sku.id}
        uow.commit()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO members.members (openid, name, home_latitude, home_longitude,"
                " location_consent_at, joined_at, points, care_opt_out, marketing_opt_out)"
                " SELECT 'q-' || n, 'Member ' || n, :lat + 0.0002 * (n % 100),"
                " :lon + 0.0002 * (n / 100), now(), now(), 0, false, false"
                " FROM generate_series(1, :members) n"
            ),
            {"lat": STORE_AT[0], "lon": STORE_AT[1], "members": MEMBERS},
        )
    with UnitOfWork() as uow:
        created = service.create(
            session=uow.session,
            data=CampaignCreate(
                name="Everyone nearby",
                store_id=ids["store"],
                audience="near_store",
                radius_km=5.0,
                control_percent=0,
                message="New season in store",
            ),
            region_ids=None,
            manager_id=None,
            settings=get_settings(),
            now=utcnow(),
        )
        uow.commit()
    ids["campaign"] = created.id
    ids["treated"] = created.treated
    return ids


def _workers(shape: str, env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    """The split layout's worker and beat commands, or one worker for every queue."""
    import sys

    from server import split
    from server.launch import celery_options

    celery = celery_options(verbose=False)
    if shape == "split":
        every = split.commands(celery=celery, haproxy_cfg=logs / "unused.cfg", routes=[])
        commands = {k: v for k, v in every.items() if k != "haproxy"}
    else:
        me = [sys.executable, "-m", "server.cli"]
        commands = {"worker": [*me, "worker", *celery], "beat": [*me, "beat", *celery]}
    return [
        subprocess.Popen(
            command, cwd=harness.ROOT, env=env, stderr=(logs / f"{name}.log").open("wb")
        )
        for name, command in commands.items()
    ]


def _wait(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"not within {seconds:.0f}s: {what}")
        time.sleep(0.2)


class Shop:
    """One shopper after another: place an order, pay it, wait for it on the wall."""

    _ON_WALL = "SELECT coalesce(sum(orders), 0) FROM insights.figures_store WHERE store_id = :s"

    def __init__(self, base: str, engine: Engine, ids: dict[str, int]) -> None:
        from services.platform.auth import Principal, issue_token
        from services.platform.settings import get_settings

        self.http = httpx.Client(base_url=base, timeout=60)
        self.engine = engine
        self.ids = ids
        self.member = 0
        settings = get_settings()
        self._token = lambda m: issue_token(Principal(role="shopper", subject=m), settings)

    def on_wall(self) -> int:
        with self.engine.connect() as connection:
            found = connection.execute(text(self._ON_WALL), {"s": self.ids["store"]}).scalar()
            return int(found or 0)

    def order(self, give_up: float = GIVE_UP) -> float:
        """One order placed and paid; milliseconds from the payment's answer to the wall."""
        self.member += 1
        seen = self.on_wall()
        auth = {"Authorization": f"Bearer {self._token(self.member)}"}
        placed = self.http.post(
            "/mp/v1/orders",
            json={
                "fulfilment": "pickup",
                "store_id": self.ids["store"],
                "lines": [{"sku_id": self.ids["sku"], "quantity": 1}],
            },
            headers={**auth, "Idempotency-Key": f"queue-{self.member}"},
        )
        placed.raise_for_status()
        number = placed.json()["number"]
        self.http.post(f"/mp/v1/orders/{number}/simulate-payment", headers=auth).raise_for_status()
        paid = time.perf_counter()
        while self.on_wall() <= seen:
            if time.perf_counter() - paid > give_up:
                raise RuntimeError(f"order {number} never reached the wall")
            time.sleep(0.005)
        return (time.perf_counter() - paid) * 1000


def _scalar(engine: Engine, sql: str, **params: Any) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql), params).scalar() or 0)


def _shape(shape: str) -> dict[str, Any]:
    from services.campaigns import service
    from services.platform.db import utcnow
    from services.platform.uow import UnitOfWork

    with harness.servers(f"queue-{shape}") as found:
        engine = found.engine()
        ids = _seed(engine)
        # Every shopper here comes from 127.0.0.1, faster than one IP may place orders.
        env = {**found.env(), "O2O_ORDER_LIMIT_PER_IP": "1000000000"}
        broker = redis.Redis.from_url(found.redis_url)
        processes: list[subprocess.Popen[bytes]] = []
        try:
            # The API first, then the workers: a dozen processes importing every module at
            # once on a busy machine can keep the API from answering for minutes.
            with harness.serve("server.app:create_app", env, factory=True) as served:
                processes = _workers(shape, env, found.data_dir)
                unpublished = "SELECT count(*) FROM platform.outbox WHERE published_at IS NULL"
                _wait(lambda: _scalar(engine, unpublished) == 0, 600, "the seed's events relay")
                shop = Shop(served.base_url, engine, ids)
                for _ in range(WARMUP_ORDERS):  # the first waits for every worker to start
                    shop.order(give_up=600)
                quiet = sorted(shop.order() for _ in range(QUIET_ORDERS))
                with UnitOfWork() as uow:
                    service.launch(
                        session=uow.session, campaign_id=ids["campaign"], region_ids=None,
                        now=utcnow(),
                    )  # fmt: skip
                    uow.commit()
                launched = time.perf_counter()
                lags: list[float] = []
                backlog = 0
                sending = "SELECT count(*) FROM campaigns.campaigns WHERE status = 'sending'"
                # Orders while the campaign sends or its messages still wait for a worker.
                while len(lags) < MAX_ORDERS:
                    waiting = broker.llen("notifications") + broker.llen("bulk")
                    backlog = max(backlog, waiting)
                    if lags and not waiting and not _scalar(engine, sending):
                        break
                    lags.append(shop.order())
                measured = time.perf_counter() - launched
                sends = "SELECT count(*) FROM campaigns.campaign_sends WHERE campaign_id = :c"
                fanout = _scalar(engine, sends, c=ids["campaign"])
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            engine.dispose()
    ordered = sorted(lags)
    return {
        "lag_p50_ms": round(statistics.median(ordered), 1),
        "lag_p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "lag_max_ms": round(ordered[-1], 1),
        "orders": len(lags),
        "fanout_messages": fanout,
        "max_backlog": backlog,
        # The in-run reference: the same processes before the campaign was launched.
        "quiet_lag_p50_ms": round(statistics.median(quiet), 1),
        "quiet_lag_max_ms": round(quiet[-1], 1),
        "seconds": round(measured, 1),
    }


def main() -> None:
    """Each layout in its own process: Celery binds its broker (a run's Redis) once."""
    import json
    import sys
    import tempfile

    if only := os.environ.get("BENCH_QUEUE_ONE_SHAPE"):
        Path(os.environ["BENCH_QUEUE_OUT"]).write_text(json.dumps(_shape(only)))
        return
    results: dict[str, Any] = {"members": MEMBERS}
    for shape in SHAPES:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            env = {**os.environ, "BENCH_QUEUE_ONE_SHAPE": shape, "BENCH_QUEUE_OUT": out.name}
            command = [sys.executable, "-m", "bench.queue_isolation"]
            subprocess.run(command, cwd=harness.ROOT, env=env, check=True)
            measured = json.loads(Path(out.name).read_text())
        print(shape, measured, flush=True)
        if shape == "split":
            results.update(measured)
        else:
            results[shape] = measured
    harness.write_results("queue_isolation", results)


if __name__ == "__main__":
    main()
