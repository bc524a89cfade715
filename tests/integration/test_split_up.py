"""``o2o up --split`` for real: every door answers through HAProxy, and a door process or a
worker killed with SIGKILL is routed around and started again, with no request failed:
orders placed and paid through the kill are all there and paid, none oversold, and the
wall counts them as direct SQL does. A second beat started by mistake stays idle and takes
over when the layout's beat is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import text

from services.platform.auth import Principal, issue_token
from services.platform.beat_lease import LEASE_KEY
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from tests.live import free_port
from tests.unit.test_split_layout import _haproxy

# Thirteen processes start from cold: about a minute on a quiet 2-core machine.
# On a copy of the demo brand (marked demo), so `up` finds it seeded and goes straight on.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.demo,
    pytest.mark.xdist_group("split"),
    pytest.mark.timeout(900),
]


def _pids(fragment: str, session: int) -> list[int]:
    """The supervisor's children whose command line contains ``fragment``: processes of
    its ``session`` only (another run's layout on the same machine has the same names)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            sid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3])
        except (OSError, ValueError, IndexError):
            continue
        if sid == session and fragment in command and "server.cli" in command:
            found.append(int(entry.name))
    return found


def _parent_of(pids: list[int]) -> list[int]:
    """The one process of ``pids`` whose parent is not among them (a worker, not its pool)."""

    def ppid(pid: int) -> int:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])

    return [pid for pid in pids if ppid(pid) not in pids]


def _until(check: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _holder(client: redis.Redis) -> int | None:
    """The pid of the beat holding the lease (its token is host:pid:random)."""
    token = client.get(LEASE_KEY)
    return None if token is None else int(str(token).split(":")[1])


def _sale() -> tuple[int, int, list[int]]:
    """A demo store taking pickup orders, a SKU on sale there with 200 units just delivered,
    and 150 members (one order each)."""
    from inventory import ledger

    with UnitOfWork() as uow:
        store, location, sku = uow.session.execute(
            text(
                "SELECT l.store_id, l.id, s.sku_id FROM inventory.stock s"
                " JOIN inventory.locations l ON l.id = s.location_id"
                " JOIN inventory.skus k ON k.id = s.sku_id AND k.active"
                " JOIN inventory.products p ON p.id = k.product_id AND p.active"
                " JOIN stores.stores t ON t.id = l.store_id"
                " WHERE t.status = 'open' AND t.pickup_enabled"
                " ORDER BY l.store_id, s.sku_id LIMIT 1"
            )
        ).one()
        ledger.move(
            session=uow.session,
            location_id=location,
            changes={sku: 200},
            kind="receipt",
            source_type="delivery",
            source_id="SPLIT-TEST",
        )
        members = list(
            uow.session.scalars(
                text("SELECT id FROM members.members WHERE erased_at IS NULL ORDER BY id LIMIT 150")
            )
        )
        uow.commit()
    return store, sku, members


def _counted(store: int) -> tuple[int, int]:
    """The store's paid orders on the wall, and by direct SQL."""
    with UnitOfWork() as uow:
        wall = uow.session.scalar(
            text("SELECT coalesce(sum(orders), 0) FROM insights.figures_store WHERE store_id = :s"),
            {"s": store},
        )
        direct = uow.session.scalar(
            text("SELECT count(*) FROM orders.orders WHERE store_id = :s AND paid_at IS NOT NULL"),
            {"s": store},
        )
    return int(wall or 0), int(direct or 0)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_split_layout_routes_around_a_killed_door_and_restarts_it(
    db: dict[str, str], tmp_path: Path
) -> None:
    _haproxy()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "O2O_DATA_DIR": str(tmp_path),
        "O2O_PORT": str(port),
        # A short lease: the mistaken second beat takes over within seconds of a kill.
        "O2O_BEAT_LEASE_SECONDS": "3",
        # Every shopper here comes from 127.0.0.1.
        "O2O_ORDER_LIMIT_PER_IP": "1000000",
    }
    log = (tmp_path / "up.log").open("w")
    up = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "up", "--split", "--members", "0"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    lease = redis.Redis.from_url(db["redis_url"], decode_responses=True)
    extra: subprocess.Popen[bytes] | None = None
    try:
        _until(lambda: _answers(f"{base}/healthz") or up.poll() is not None, 400, "HAProxy")
        assert up.poll() is None, (tmp_path / "up.log").read_text()[-3000:]
        # The layout's beat holds the lease; a second beat started by mistake must stay idle.
        _until(lambda: _holder(lease) is not None, 60, "beat takes the lease")
        (layout_beat,) = _parent_of(_pids("server.cli beat", up.pid))
        assert _holder(lease) == layout_beat
        extra = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "beat", "--loglevel", "WARNING", "--quiet"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Every door behind the one port: each prefix reaches its own door's process.
        for path in ("/mp/docs", "/tablet/docs", "/manager/docs", "/dashboard"):
            assert httpx.get(base + path, timeout=10).status_code == 200, path
        unsigned = httpx.post(base + "/webhooks/stripe", content=b"{}", timeout=10)
        assert unsigned.status_code == 401, unsigned.text
        assert unsigned.json()["error"]["code"] == "webhook_signature_invalid"
        store, sku, members = _sale()
        wall_before, direct_before = _counted(store)
        # Shoppers keep browsing and buying while one mp process dies: HAProxy retries a
        # request that could not connect on its sibling, and one that reached the dying
        # process when that is harmless (a read, or a write with an Idempotency-Key).
        victim = f"--door mp --port {port + 100}"
        (first,) = _pids(victim, up.pid)
        failures: list[object] = []
        answered = [0]  # requests answered so far, by all shoppers
        placed: list[str] = []
        paid: list[str] = []
        done = threading.Event()

        def browse() -> None:
            with httpx.Client(base_url=base, timeout=10) as client:
                while not done.is_set():
                    try:
                        answer = client.get("/mp/v1/stores", params={"lat": 31.23, "lon": 121.47})
                        answered[0] += 1
                        if answer.status_code != 200:
                            failures.append(answer.status_code)
                    except httpx.HTTPError as exc:
                        failures.append(exc)

        def buy() -> None:
            settings = get_settings()
            order = {
                "fulfilment": "pickup",
                "store_id": store,
                "lines": [{"sku_id": sku, "quantity": 1}],
            }
            with httpx.Client(base_url=base, timeout=20) as client:
                for member in members:
                    if done.is_set():
                        return
                    auth = {
                        "Authorization": "Bearer "
                        + issue_token(Principal(role="shopper", subject=member), settings)
                    }
                    try:
                        answer = client.post(
                            "/mp/v1/orders",
                            json=order,
                            headers={**auth, "Idempotency-Key": f"split-{member}"},
                        )
                        if answer.status_code != 201:
                            failures.append(("place", answer.status_code, answer.text))
                            continue
                        number = answer.json()["number"]
                        placed.append(number)
                        # Paying again returns the order as it is: safe for HAProxy to retry.
                        answer = client.post(
                            f"/mp/v1/orders/{number}/simulate-payment",
                            headers={**auth, "Idempotency-Key": f"split-pay-{member}"},
                        )
                        if answer.status_code != 200:
                            failures.append(("pay", answer.status_code, answer.text))
                        else:
                            paid.append(number)
                    except httpx.HTTPError as exc:
                        failures.append(exc)

        shoppers = [threading.Thread(target=browse) for _ in range(3)]
        shoppers.append(threading.Thread(target=buy))
        for shopper in shoppers:
            shopper.start()
        _until(lambda: answered[0] >= 50 and len(paid) >= 3, 60, "shoppers browsing and buying")
        os.kill(first, signal.SIGKILL)
        # Past the kill by a good margin: HAProxy must have sent the dead process's share on.
        killed_at, paid_at_kill = answered[0], len(paid)
        _until(
            lambda: answered[0] >= killed_at + 300 and len(paid) >= paid_at_kill + 10,
            120,
            "browsing and buying after the kill",
        )
        done.set()
        for shopper in shoppers:
            shopper.join()
        assert failures == []
        # No order lost, every payment answered is recorded, nothing oversold.
        with UnitOfWork() as uow:
            statuses: dict[str, str] = dict(
                uow.session.execute(
                    text("SELECT number, status FROM orders.orders WHERE number = ANY(:n)"),
                    {"n": placed},
                ).all()
            )
            on_hand, reserved = uow.session.execute(
                text(
                    "SELECT s.on_hand, s.reserved FROM inventory.stock s"
                    " JOIN inventory.locations l ON l.id = s.location_id"
                    " WHERE l.store_id = :store AND s.sku_id = :sku"
                ),
                {"store": store, "sku": sku},
            ).one()
        assert set(statuses) == set(placed)
        assert {statuses[n] for n in paid} == {"paid"}
        assert 0 <= reserved <= on_hand

        # While the killed door starts again: the wall catches up with direct SQL, and the
        # mistaken beat, idle all along, takes over when the layout's beat is killed.
        def wall_caught_up() -> bool:
            wall, direct = _counted(store)
            return wall - wall_before == direct - direct_before == len(paid)

        _until(wall_caught_up, 120, "the wall counts every paid order")
        assert _holder(lease) == layout_beat and extra.poll() is None
        os.kill(layout_beat, signal.SIGKILL)
        _until(lambda: _holder(lease) not in (None, layout_beat), 60, "the other beat takes over")
        assert _holder(lease) in {extra.pid, *_parent_of(_pids("server.cli beat", up.pid))}
        # The supervisor starts the door again, as Kubernetes would the pod, and it serves.
        _until(lambda: _pids(victim, up.pid) not in ([], [first]), 60, "the door restarted")
        _until(lambda: _answers(f"http://127.0.0.1:{port + 100}/readyz"), 240, "door ready")
        # A worker killed mid-life comes back too.
        (worker,) = _parent_of(_pids("worker --queues payments", up.pid))
        os.kill(worker, signal.SIGKILL)
        _until(
            lambda: _parent_of(_pids("worker --queues payments", up.pid)) not in ([], [worker]),
            60,
            "worker back",
        )
    finally:
        if extra is not None:
            extra.terminate()
            extra.wait(timeout=30)
        os.killpg(up.pid, signal.SIGINT)
        try:
            up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
        log.close()
