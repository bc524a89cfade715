"""``python -m bench``: run every benchmark in turn (``make bench``).

Each benchmark runs at its full size unless ``O2O_BENCH_SCALE`` (a fraction, see
``harness.sized``) asks for a quick run; the minutes each took are printed at the end, so
the whole run's budget (``make bench`` within 20 minutes) can be checked bench by bench.
"""

from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS = (
    "stores_nearby",
    "flash_sale",
    "flash_sale_points",
    "scan_checkin",
    "slots",
    "booking",
    "siting",
    "stock_import",
    "insights",
    "product_views",
    "recommendations",
    "queue_isolation",
    "flash_haproxy",
    "hot_row",
)


def main() -> int:
    chosen = sys.argv[1:] or list(BENCHMARKS)
    took: dict[str, float] = {}
    for name in chosen:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main()
        took[name] = time.perf_counter() - started
    for name, seconds in took.items():
        print(f"{name:>20}: {seconds / 60:5.1f} min", flush=True)
    print(f"{'all':>20}: {sum(took.values()) / 60:5.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
