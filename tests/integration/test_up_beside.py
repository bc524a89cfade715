"""Beside a running ``o2o up``: a quiet console, and commands that join its servers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil
import pytest
import redis

from tests.live import free_port

ROOT = Path(__file__).resolve().parents[2]
BANNER_END = "Ctrl-C stops everything"


def _o2o(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _read(stream, into: list[str]) -> None:
    for line in iter(stream.readline, ""):
        into.append(line)


def _redis_servers_under(folder: Path) -> set[int]:
    """redis-server processes working in this data folder (Redis runs in its dump's folder)."""
    found = set()
    for process in psutil.process_iter(["name"]):
        try:
            if "redis-server" in (process.info["name"] or "") and process.cwd().startswith(
                str(folder)
            ):
                found.add(process.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


@pytest.mark.slow
def test_a_quiet_console_and_a_command_beside_up_joins_its_redis(
    db: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    # The defaults a person has: no log level, and the embedded Redis of the data folder.
    env = {k: v for k, v in os.environ.items() if k not in ("O2O_LOG_LEVEL", "O2O_REDIS_URL")}
    env.update(O2O_DATA_DIR=str(tmp_path), O2O_PORT=str(port), PYTHONPATH=str(ROOT))
    up = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "up", "--members", "0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: list[str] = []
    err: list[str] = []
    for stream, into in ((up.stdout, out), (up.stderr, err)):
        threading.Thread(target=_read, args=(stream, into), daemon=True).start()
    try:
        for _ in range(1800):
            if any(BANNER_END in line for line in out) or up.poll() is not None:
                break
            time.sleep(0.1)
        assert any(BANNER_END in line for line in out), "".join(err)[-2000:]
        seen = len(err)
        base = f"http://127.0.0.1:{port}"
        for _ in range(5):  # each would be an INFO "request" line at the default level
            httpx.get(f"{base}/mp/v1/stores?lat=31.23&lon=121.47", timeout=120)
        time.sleep(8)  # beat relays the outbox every 5 s; the worker runs it
        quiet = err[seen:]
        assert quiet == [], "".join(quiet)[:2000]

        socket = str(tmp_path / "redis" / "redis.sock")
        (serving,) = _redis_servers_under(tmp_path)
        command = _o2o("staff", "log-out", "manager", "hq", env=env)
        assert command.returncode == 0, command.stderr
        assert _redis_servers_under(tmp_path) == {serving}  # started none, left none behind
        client = redis.Redis(unix_socket_path=socket)
        assert client.info("server")["process_id"] == serving  # the socket is still up's
        client.close()
        assert httpx.get(f"{base}/readyz", timeout=120).status_code == 200
    finally:
        up.send_signal(signal.SIGINT)
        up.wait(timeout=90)


_RUNNING = """
import sys, time
from pathlib import Path
from services.platform.runtime import embedded_redis
embedded_redis(Path(sys.argv[1]))
print("ready", flush=True)
time.sleep(600)
"""


def test_a_command_joins_the_embedded_redis_another_process_runs(
    db: dict[str, str], tmp_path: Path
) -> None:
    from tests import factories

    factories.guide(factories.store(factories.region().id).id, username="beside-one")
    env = {k: v for k, v in os.environ.items() if k != "O2O_REDIS_URL"}
    env.update(O2O_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    running = subprocess.Popen(
        [sys.executable, "-c", _RUNNING, str(tmp_path)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert running.stdout is not None and running.stdout.readline().strip() == "ready"
        (serving,) = _redis_servers_under(tmp_path)
        command = _o2o("staff", "log-out", "guide", "beside-one", env=env)
        assert command.returncode == 0, command.stderr
        assert _redis_servers_under(tmp_path) == {serving}  # started none, left none behind
        client = redis.Redis(unix_socket_path=str(tmp_path / "redis" / "redis.sock"))
        assert client.info("server")["process_id"] == serving
        client.close()
    finally:
        running.terminate()
        running.wait(timeout=30)
        for pid in _redis_servers_under(tmp_path):  # the stand-in for o2o up started it
            psutil.Process(pid).terminate()
