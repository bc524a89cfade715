"""The figures the wall shows, read back from summed rollups (pure; unit-tested).

Lead times are kept as exact per-day counts in fixed buckets (``LEAD_EDGES_MIN``, the
same edges as ``insights/sql/row_figures.sql``); summing days merges them exactly. A
percentile is reported as the upper edge of the bucket it falls in, so it is never
under the true value and over it by at most that bucket's width (5 min below 20 min,
then 10-50% of the value; the open last bucket reports its lower edge, 7 days).
"""

from __future__ import annotations

from collections.abc import Mapping

#: Bucket edges in minutes; bucket i holds [edge[i-1], edge[i]), bucket 0 is under 5 min.
LEAD_EDGES_MIN: tuple[int, ...] = (
    5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880,
    4320, 7200, 10080,
)  # fmt: skip
LEAD_STAGES = ("paid_ready", "ready_collected")

#: How an order was paid (``order_figures.sql``: the gateway of its succeeded payment).
PAYMENT_METHODS = ("wechatpay", "card", "counter", "other")
#: Counted figures (sums of daily rows); lead-time buckets are ``<stage>_bNN``.
COUNTED = (
    "orders",
    "gmv_fen",
    "units",
    "refunded_fen",
    "coupon_orders",
    "points_orders",
    "points_spent",
    "repeat_orders",
    "attributed_orders",
    "ready",
    "collected",
    "fulfilled",
    "pickup_expired",
    "scans",
    "check_ins",
    "appointments",
    "no_shows",
    "appointment_purchases",
    "new_members",
    *(f"pay_{m}_{what}" for m in PAYMENT_METHODS for what in ("orders", "fen")),
)


def bucket_name(stage: str, bucket: int) -> str:
    return f"{stage}_b{bucket:02d}"


#: Every figure a rollup row keeps, one column each (the migrations create the same).
STORED: tuple[str, ...] = (
    *COUNTED,
    *(bucket_name(s, b) for s in LEAD_STAGES for b in range(len(LEAD_EDGES_MIN) + 1)),
)


#: Each stage's bucket figures in bucket order (derive reads a year of rows per request).
_BUCKETS = {
    stage: tuple(bucket_name(stage, b) for b in range(len(LEAD_EDGES_MIN) + 1))
    for stage in LEAD_STAGES
}


def percentile_minutes(counts: Mapping[int, int], q: float) -> int | None:
    """The ``q`` quantile (0..1) of a bucketed lead time, as its bucket's upper edge."""
    total = sum(counts.values())
    if total == 0:
        return None
    rank = q * total
    seen = 0
    for bucket in sorted(b for b, n in counts.items() if n):
        seen += counts[bucket]
        if seen >= rank:
            return LEAD_EDGES_MIN[min(bucket, len(LEAD_EDGES_MIN) - 1)]
    return LEAD_EDGES_MIN[-1]


def ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def derive(sums: Mapping[str, int]) -> dict[str, float | int | None]:
    """Every figure the wall shows, from one period's summed rollup values."""
    get = sums.get
    out: dict[str, float | int | None] = {name: int(get(name, 0)) for name in COUNTED}
    orders = _int(get, "orders")
    out["aov_fen"] = None if not orders else round((out["gmv_fen"] or 0) / orders)
    # Distinct members, not additive over days: filled by queries.py (journey_queries).
    out["scan_to_order"] = None
    due = _int(get, "collected") + _int(get, "pickup_expired")
    out["pickup_expiry_rate"] = ratio(_int(get, "pickup_expired"), due)
    out["no_show_rate"] = ratio(_int(get, "no_shows"), _int(get, "appointments"))
    out["appointment_to_purchase"] = ratio(
        _int(get, "appointment_purchases"), _int(get, "appointments")
    )
    out["coupon_rate"] = ratio(_int(get, "coupon_orders"), orders)
    out["points_rate"] = ratio(_int(get, "points_orders"), orders)
    # Not additive over days: filled from insights.active_members by queries/active.py.
    out["active_members"] = None
    out["active_daily_avg"] = None
    for stage, names in _BUCKETS.items():
        counts = {b: n for b, n in enumerate(map(get, names)) if n}
        out[f"{stage}_p50_min"] = percentile_minutes(counts, 0.5)
        out[f"{stage}_p90_min"] = percentile_minutes(counts, 0.9)
    return out


def payment_mix(figures: Mapping[str, float | int | None]) -> list[dict[str, object]]:
    """Orders and GMV per payment method, with each method's share of the period's."""
    rows = [
        (m, int(figures.get(f"pay_{m}_orders") or 0), int(figures.get(f"pay_{m}_fen") or 0))
        for m in PAYMENT_METHODS
    ]
    orders = sum(n for _, n, _ in rows)
    gmv = sum(fen for _, _, fen in rows)
    return [
        {
            "method": method,
            "orders": n,
            "gmv_fen": fen,
            "order_share": ratio(n, orders),
            "gmv_share": ratio(fen, gmv),
        }
        for method, n, fen in rows
    ]


def _int(get: object, name: str) -> int:
    value = get(name, 0)  # type: ignore[operator]
    return int(value or 0)
