"""The real serving launcher (``python -m server.serving``) on a loopback port, for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import uvicorn

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def o2o(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``o2o ARGS`` in a fresh interpreter, as a person types it."""
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def redis_servers_under(folder: Path) -> set[int]:
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


@contextmanager
def serving(*, workers: int = 1, env: dict[str, str] | None = None) -> Iterator[tuple[int, int]]:
    """Serve the app until the block ends: yields (launcher pid, port)."""
    port = free_port()
    command = [sys.executable, "-m", "server.serving", "server.app:create_app", "--factory"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start")
        yield process.pid, port
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def serve() -> Iterator[str]:
    """Start the whole app on 127.0.0.1 (a free port); yield its base URL; stop it."""
    from server.app import create_app

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(), log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    started = threading.Event()
    # Poll for start-up (lifespan opens the pools) without a timed assertion: a bounded wait.
    for _ in range(600):
        if server.started or not thread.is_alive():
            break
        started.wait(0.05)
    if not server.started:
        raise RuntimeError("the live server did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()
