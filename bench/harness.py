"""What every benchmark needs: its own servers, the API and a bare baseline served the
same way, a load generator, and a results file.

The API and the baseline run as separate uvicorn processes with identical
settings (uvloop, httptools, same worker count), so ``ratio = rps / baseline_rps``
means the same on a quiet or a noisy machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from sqlalchemy import text
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# One knob for a quick run of any benchmark: its sizes (rows, requests, seconds) times this
# fraction. Unset, every benchmark runs at its full size, the size its minimums are about.
SCALE_ENV = "O2O_BENCH_SCALE"

Size = TypeVar("Size", int, float)


def sized(full: Size, *, override: str | None = None, minimum: Size | None = None) -> Size:
    """A benchmark's size for this run: the variable ``override`` names if set (an exact
    size for one benchmark), else ``full`` times ``O2O_BENCH_SCALE`` (default 1, full size),
    never under ``minimum`` (default 1 for a count, 0 for seconds).

    ``ORDERS = sized(2_000_000, override="BENCH_INSIGHTS_ORDERS")``;
    ``DURATION = sized(10.0, override="BENCH_DURATION", minimum=2.0)``.
    """
    if override and (exact := os.environ.get(override)):
        return type(full)(exact)
    scaled = full * scale()
    if isinstance(full, int):
        return max(1 if minimum is None else minimum, round(scaled))
    return max(0.0 if minimum is None else minimum, scaled)


def scale() -> float:
    """``O2O_BENCH_SCALE`` as a fraction of the full size (1 when unset)."""
    value = float(os.environ.get(SCALE_ENV) or "1")
    if not 0 < value <= 1:
        raise SystemExit(f"{SCALE_ENV} must be in (0, 1], got {value}")
    return value


@dataclass
class Servers:
    """Embedded PostgreSQL and Redis on a benchmark's own data folder, migrated."""

    data_dir: Path
    database_url: str
    redis_url: str
    handles: list[Any] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "O2O_ENVIRONMENT": "dev",
            "O2O_DATA_DIR": str(self.data_dir),
            "O2O_DATABASE_URL": self.database_url,
            "O2O_REDIS_URL": self.redis_url,
            "O2O_LOG_LEVEL": "WARNING",
        }

    def engine(self) -> Engine:
        from services.platform.db import make_engine

        return make_engine(self.database_url, pool_size=20, max_overflow=10)


@contextmanager
def servers(name: str, *, fresh: bool = True) -> Iterator[Servers]:
    """Start embedded servers under ``.o2o/bench-<name>`` and migrate; stop them after."""
    import shutil

    from server.migrate import upgrade
    from server.wiring import wire
    from services.platform.runtime import EmbeddedPostgres, EmbeddedRedis

    wire()  # as every entry point does: the settings join every service's section
    data_dir = (ROOT / ".o2o" / f"bench-{name}").resolve()
    if fresh and data_dir.exists():
        shutil.rmtree(data_dir, ignore_errors=True)
    pg = EmbeddedPostgres(data_dir / "pg").start()
    rd = EmbeddedRedis(data_dir / "redis").start()
    found = Servers(data_dir, pg.url, rd.url, [pg, rd])
    os.environ.update({k: v for k, v in found.env().items() if k.startswith("O2O_")})
    upgrade(found.database_url)
    try:
        yield found
    finally:
        rd.stop()
        pg.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    base_url: str

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server and its workers have used so far: a cost per
        request that the machine's other load disturbs far less than throughput."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in (self.process.pid, *_children(self.process.pid)):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def peak_rss_mb(self) -> float:
        """Peak resident memory of the server and its worker processes (largest one)."""
        pids = [self.process.pid, *_children(self.process.pid)]
        peaks = [_vm_hwm_kb(pid) for pid in pids]
        return round(max(peaks, default=0) / 1024, 1)


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return []
    return [int(p) for p in out.split()]


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@contextmanager
def serve(
    app: str, env: dict[str, str], *, factory: bool, workers: int = WORKERS
) -> Iterator[Served]:
    """Run ``app`` under uvicorn as production would (uvloop, httptools, N workers)."""
    port = free_port()
    # The same launcher as ``o2o serve``: uvicorn with uvloop and httptools, one
    # SO_REUSEPORT listening socket per worker (server/serving.py).
    command = [
        sys.executable,
        "-m",
        "server.serving",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    if factory:
        command.append("--factory")
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, "/healthz" if factory else "/baseline", process)
        yield Served(process, base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_healthy(base: str, path: str, process: subprocess.Popen[bytes]) -> None:
    import httpx

    # Generous: on a machine shared by several busy sessions a worker can take minutes to start.
    deadline = time.monotonic() + float(os.environ.get("BENCH_START_TIMEOUT", "240"))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(base + path, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base}{path} did not become healthy")


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] | None = None
    json: Any = None


@dataclass
class LoadResult:
    count: int
    elapsed: float
    latencies_ms: list[float]
    statuses: Counter[int]
    bodies: list[Any] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> dict[str, float]:
        return {
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(0.50), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else 0.0,
        }


async def _load(
    base: str,
    make: Callable[[int], Request],
    *,
    concurrency: int,
    duration: float | None,
    total: int | None,
    keep_bodies: bool,
) -> LoadResult:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    bodies: list[Any] = []
    counter = iter(range(10**9))
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        deadline = started + duration if duration else None

        async def client() -> None:
            while True:
                i = next(counter)
                if total is not None and i >= total:
                    return
                if deadline is not None and time.perf_counter() >= deadline:
                    return
                request = make(i)
                t0 = time.perf_counter()
                try:
                    async with session.request(
                        request.method, request.path, headers=request.headers, json=request.json
                    ) as response:
                        body = await response.read()
                except TimeoutError:  # no answer within the client's 30 s: status 0, counted
                    latencies.append((time.perf_counter() - t0) * 1000)
                    statuses[0] += 1
                    continue
                latencies.append((time.perf_counter() - t0) * 1000)
                statuses[response.status] += 1
                if keep_bodies:
                    bodies.append((response.status, json.loads(body) if body else None))

        await asyncio.gather(*(client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return LoadResult(len(latencies), elapsed, latencies, statuses, bodies)


def load(
    base: str,
    make: Callable[[int], Request],
    *,
    concurrency: int,
    duration: float | None = None,
    total: int | None = None,
    keep_bodies: bool = False,
    warmup: int = 200,
) -> LoadResult:
    """Drive ``concurrency`` keep-alive clients for ``duration`` seconds or ``total`` requests."""
    import uvloop

    if warmup:
        uvloop.run(
            _load(
                base, make, concurrency=concurrency, duration=None, total=warmup, keep_bodies=False
            )
        )
    return uvloop.run(
        _load(
            base,
            make,
            concurrency=concurrency,
            duration=duration,
            total=total,
            keep_bodies=keep_bodies,
        )
    )


def baseline(env: dict[str, str], *, concurrency: int, duration: float) -> LoadResult:
    """The bare ``async def`` endpoint under the same server settings and the same clients."""
    with serve("server.baseline:app", env, factory=False) as served:
        return load(
            served.base_url,
            lambda i: Request("GET", "/baseline"),
            concurrency=concurrency,
            duration=duration,
        )


def write_results(name: str, results: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    if scale() != 1:  # a quick run says so, so its figures are not read against the minimums
        results = {**results, "bench_scale": scale()}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({name: results}, indent=2))
    return path


def run_async(coro: Awaitable[Any]) -> Any:
    """Run a load generator on uvloop, as ``load`` (and so the baseline) does."""
    import uvloop

    return uvloop.run(coro)  # type: ignore[arg-type]


def raw_tps(
    engine: Any,
    statement: str,
    params: Callable[[int], dict[str, Any]],
    *,
    threads: int,
    duration: float,
) -> float:
    """Transactions per second of one statement from ``threads`` connections (raw DB limit)."""
    import threading

    done = [0] * threads
    stop = time.perf_counter() + duration

    def worker(n: int) -> None:
        with engine.connect() as connection:
            i = 0
            while time.perf_counter() < stop:
                connection.execute(text(statement), params(n * 1_000_000 + i))
                connection.commit()
                i += 1
            done[n] = i

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(done) / (time.perf_counter() - started)
