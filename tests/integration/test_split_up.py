"""``o2o up --split`` for real: every door answers through HAProxy, and a door process or a
worker killed with SIGKILL is routed around and started again, with no request failed."""

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


def _pids(fragment: str) -> list[int]:
    """Processes whose command line contains ``fragment`` (the supervisor's children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if fragment in command and "server.cli" in command:
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
    env = {**os.environ, "O2O_DATA_DIR": str(tmp_path), "O2O_PORT": str(port)}
    log = (tmp_path / "up.log").open("w")
    up = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "up", "--split", "--members", "0"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _until(lambda: _answers(f"{base}/healthz") or up.poll() is not None, 400, "HAProxy")
        assert up.poll() is None, (tmp_path / "up.log").read_text()[-3000:]
        # Every door behind the one port: each prefix reaches its own door's process.
        for path in ("/mp/docs", "/tablet/docs", "/manager/docs", "/dashboard"):
            assert httpx.get(base + path, timeout=10).status_code == 200, path
        unsigned = httpx.post(base + "/webhooks/stripe", content=b"{}", timeout=10)
        assert unsigned.status_code == 401, unsigned.text
        assert unsigned.json()["error"]["code"] == "webhook_signature_invalid"
        # Shoppers keep browsing while one mp process dies: HAProxy retries a request that
        # could not connect on its sibling and takes the dead one out within a second.
        victim = f"--door mp --port {port + 100}"
        (first,) = _pids(victim)
        failures: list[object] = []
        answered = [0]  # requests answered so far, by all shoppers
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

        shoppers = [threading.Thread(target=browse) for _ in range(4)]
        for shopper in shoppers:
            shopper.start()
        _until(lambda: answered[0] >= 50, 60, "shoppers browsing")
        os.kill(first, signal.SIGKILL)
        # Past the kill by a good margin: HAProxy must have sent the dead process's share on.
        killed_at = answered[0]
        _until(lambda: answered[0] >= killed_at + 400, 120, "browsing after the kill")
        done.set()
        for shopper in shoppers:
            shopper.join()
        assert failures == []
        # The supervisor starts it again, as Kubernetes would the pod, and it serves.
        _until(lambda: _pids(victim) not in ([], [first]), 60, "the door restarted")
        _until(lambda: _answers(f"http://127.0.0.1:{port + 100}/readyz"), 240, "door ready")
        # A worker killed mid-life comes back too.
        (worker,) = _parent_of(_pids("worker --queues payments"))
        os.kill(worker, signal.SIGKILL)
        _until(
            lambda: _parent_of(_pids("worker --queues payments")) not in ([], [worker]),
            60,
            "worker back",
        )
    finally:
        os.killpg(up.pid, signal.SIGINT)
        try:
            up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
        log.close()
