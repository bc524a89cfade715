"""``python -m bench``: run every benchmark in turn (``make bench``)."""

from __future__ import annotations

import importlib
import sys

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
    for name in chosen:
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
