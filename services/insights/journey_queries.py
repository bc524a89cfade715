"""The funnel and scan-to-order, counted over distinct members (``insights.member_steps``).

A member enters the funnel by scanning a touchpoint in the period (discover); each later
step counts the members of the step before who also took it in the period: checked in
(consider), paid an order (buy), had an order collected or delivered (fulfil), ordered
again within 90 days of an earlier order (retain). So every step is a subset of the one
before. Per touchpoint, the later steps must be at the touchpoint's store (anywhere in
scope for a touchpoint with no store); over a whole scope, anywhere in it.
``scan_to_order`` is the share of scanning members who paid an order (same places), so it
is at most 1; per day or week, both in that bucket.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights.journeys import STEPS
from services.insights.periods import Scope

#: What each step adds to the one before, as a condition on a member's flags.
_REACHED = {
    "discover": "true",
    "consider": "c",
    "buy": "c AND b",
    "fulfil": "c AND b AND f",
    "retain": "c AND b AND f AND r",
}


def _counts(
    scope: Scope, start: date, end: date, keys: list[str], *, same_store: bool, bucket: str = "''"
) -> tuple[str, dict[str, Any]]:
    """Per ``keys`` (expressions on the discover rows): members per step, and members who
    bought (``bought``), as SQL and parameters."""
    clauses, params = scope.filters("j_")
    params.update(j_start=start, j_end=end)
    scoped = "".join(f" AND {c}" for c in clauses)
    named = [f"{k} AS k{i}" for i, k in enumerate(keys)]
    key_cols = [f"k{i}" for i in range(len(keys))]
    store = "store_id" if same_store else "0"
    steps = ", ".join(
        f"count(*) FILTER (WHERE {_REACHED[s]}) AS {s}" for s in STEPS if s != "discover"
    )
    group = ", ".join(key_cols)
    sql = f"""
    WITH s AS MATERIALIZED (
        SELECT day, region_id, store_id, touchpoint_id, guide_id, step, member_id
        FROM insights.member_steps
        WHERE day >= :j_start AND day < :j_end AND n > 0{scoped}
    ),
    d AS (
        SELECT DISTINCT {", ".join([*named, "member_id", f"{store} AS store_id"])},
               {bucket} AS bucket
        FROM s WHERE step = 'discover'
    ),
    l AS (
        SELECT member_id, store_id, {bucket} AS bucket, bool_or(step = 'consider') AS c,
               bool_or(step = 'buy') AS b, bool_or(step = 'fulfil') AS f,
               bool_or(step = 'retain') AS r
        FROM s WHERE step <> 'discover' GROUP BY 1, 2, 3
    ),
    m AS (
        SELECT {", ".join(f"d.{k}" for k in key_cols)}, d.member_id, bool_or(l.c) AS c,
               bool_or(l.b) AS b, bool_or(l.f) AS f, bool_or(l.r) AS r
        FROM d LEFT JOIN l ON l.member_id = d.member_id AND l.bucket = d.bucket
            AND (d.store_id = 0 OR l.store_id = d.store_id)
        GROUP BY {", ".join(f"d.{k}" for k in key_cols)}, d.member_id
    )
    SELECT {group}, count(*) AS discover, {steps}, count(*) FILTER (WHERE b) AS bought
    FROM m GROUP BY {group}
    """
    return sql, params


def funnel(
    session: Session, scope: Scope, start: date, end: date
) -> list[tuple[int, int, list[tuple[str, int]]]]:
    """Per (touchpoint, store): members at each step; most discovering first."""
    sql, params = _counts(scope, start, end, ["touchpoint_id", "store_id"], same_store=True)
    found = session.execute(text(sql), params)
    out = [
        (int(tp), int(store), list(zip(STEPS, map(int, counts[: len(STEPS)]), strict=True)))
        for tp, store, *counts in found
    ]
    out.sort(key=lambda item: (-item[2][0][1], item[0], item[1]))
    return out


def overall(session: Session, scope: Scope, start: date, end: date) -> list[tuple[str, int]]:
    """Members at each step across the whole scope (a member once, wherever they went)."""
    sql, params = _counts(scope, start, end, ["0"], same_store=False)
    row = session.execute(text(sql), params).first()
    counts = list(row[1 : 1 + len(STEPS)]) if row is not None else [0] * len(STEPS)
    return list(zip(STEPS, map(int, counts), strict=True))


def _share(bought: int, discovered: int) -> float | None:
    return None if not discovered else round(bought / discovered, 4)


def scan_to_order(
    session: Session, scope: Scope, start: date, end: date, *, key: str | None = None
) -> dict[str, float | None]:
    """Scanning members who paid an order / scanning members, per ``key`` (a column of
    ``member_steps``: ``store_id``, ``touchpoint_id``, ``guide_id``, ``region_id``; at the
    scan's store), or over the scope (key '')."""
    keys = [f"{key}::text"] if key else ["''"]
    sql, params = _counts(scope, start, end, keys, same_store=key is not None)
    return {
        k: _share(int(bought), int(n)) for k, n, *_, bought in session.execute(text(sql), params)
    }


def scan_to_order_by_bucket(
    session: Session, scope: Scope, start: date, end: date, bucket: str
) -> dict[date, float | None]:
    """Per ``bucket`` (an SQL expression of ``day``: the day, week or month), the share of
    members scanning in it who paid an order in it, anywhere in scope."""
    sql, params = _counts(scope, start, end, [bucket], same_store=False, bucket=bucket)
    return {
        at: _share(int(bought), int(n)) for at, n, *_, bought in session.execute(text(sql), params)
    }
