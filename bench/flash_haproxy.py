"""The flash sale through HAProxy, with one and with two processes per door: the proxy's cost.

The sale of ``bench/flash_sale.py`` (its seed, shoppers and attempts: place an order, pay
it) against the mini-program door served three ways, each on fresh servers:

- ``direct``: one ``o2o serve --door mp`` process (one uvicorn worker), no proxy: the
  in-run reference;
- ``haproxy_1``: the same process behind HAProxy configured as ``o2o up --split`` does;
- ``haproxy_2``: two such processes behind HAProxy (the split layout's two per door).

On a two-core machine a second process mostly competes for the same cores, so no gain is
expected here; the figures show what the hop through the balancer costs. Reported per
way: attempts a second, p50 and p99 of an attempt, orders accepted and units oversold.
``BENCH_FLASH_HAPROXY_WAYS`` picks the ways (default all three).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx

from bench import flash_sale, flash_sale_seed, harness
from server import split
from server.roles import factory

WAYS = os.environ.get("BENCH_FLASH_HAPROXY_WAYS", "direct,haproxy_1,haproxy_2").split(",")


@contextlib.contextmanager
def _haproxy(ports: list[int], data_dir: Any) -> Iterator[str]:
    port = harness.free_port()
    routes = [split.Backend("mp", ("/mp",), tuple(ports))]
    config = data_dir / "haproxy.cfg"
    config.write_text(split.haproxy_config(host="127.0.0.1", port=port, routes=routes))
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    process = subprocess.Popen([binary, "-f", str(config), "-db"], stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/mp/v1/stores", timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("HAProxy did not route to the door")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _way(way: str) -> dict[str, Any]:
    processes = 2 if way == "haproxy_2" else 1
    with harness.servers(f"flash-{way}") as servers:
        ids = flash_sale_seed.seed(servers, units=flash_sale.UNITS, warm_units=flash_sale.WARMUP)
        tokens = flash_sale_seed.tokens(flash_sale.ATTEMPTS)
        warm_tokens = flash_sale_seed.tokens(flash_sale.WARMUP, first=flash_sale.ATTEMPTS + 1)
        env = {
            **servers.env(),
            "O2O_DB_ASYNC_POOL_SIZE": os.environ.get("BENCH_ASYNC_POOL", "2"),
            "O2O_ORDER_LIMIT_PER_IP": "1000000000",  # every shopper comes from 127.0.0.1
        }
        with contextlib.ExitStack() as stack:
            doors = [
                stack.enter_context(harness.serve(factory("mp"), env, factory=True, workers=1))
                for _ in range(processes)
            ]
            base = doors[0].base_url
            if way != "direct":
                ports = [int(d.base_url.rsplit(":", 1)[1]) for d in doors]
                base = stack.enter_context(_haproxy(ports, servers.data_dir))
            harness.run_async(
                flash_sale._shop(
                    base, ids["warm"], ids, warm_tokens, {}, "warm", first=flash_sale.ATTEMPTS + 1
                )
            )
            result = harness.run_async(flash_sale._shop(base, ids["sku"], ids, tokens, {}))
        outcome = flash_sale._outcome(servers, ids)
    summary = result.summary()
    return {
        "processes": processes,
        "rps": summary["rps"],
        "p50_ms": summary["p50_ms"],
        "p99_ms": summary["p99_ms"],
        "orders_ok": result.statuses.get(201, 0),
        "oversold": max(0, outcome["sold"] - flash_sale.UNITS),
    }


def main() -> None:
    """Each way in its own process: the settings and engines bind one run's servers once."""
    import json
    import sys
    import tempfile
    from pathlib import Path

    if only := os.environ.get("BENCH_FLASH_HAPROXY_ONE_WAY"):
        Path(os.environ["BENCH_FLASH_HAPROXY_OUT"]).write_text(json.dumps(_way(only)))
        return
    results: dict[str, Any] = {"attempts": flash_sale.ATTEMPTS, "units": flash_sale.UNITS}
    for way in WAYS:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            env = {
                **os.environ,
                "BENCH_FLASH_HAPROXY_ONE_WAY": way,
                "BENCH_FLASH_HAPROXY_OUT": out.name,
            }
            command = [sys.executable, "-m", "bench.flash_haproxy"]
            subprocess.run(command, cwd=harness.ROOT, env=env, check=True)
            results[way] = json.loads(Path(out.name).read_text())
        print(way, results[way], flush=True)
    direct = results.get("direct", {}).get("rps")
    for way in WAYS:
        if direct and way != "direct":
            results[way]["ratio_to_direct"] = round(results[way]["rps"] / direct, 3)
    harness.write_results("flash_haproxy", results)


if __name__ == "__main__":
    main()
