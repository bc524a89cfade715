"""Members' journey steps, kept per member beside the rollups, for a funnel that narrows.

A funnel of summed counts widens (a member scans once and orders three times; a check-in
needs no scan), so the steps are kept per member instead: ``journey_figures.sql`` marks
each step a source row gives its member with a figure ``step|<step>|<member>`` on the day
and place of the row's own figure; the consumer's difference for a row carries those like
any figure (``reconcile.py``) and they land in ``insights.member_steps``, added to with the
signed difference (rows back at 0 are deleted). The rebuild fills the table from the same
rule (``REBUILD``), so the equality test compares it too. ``journey_queries.py`` counts
distinct members from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights.handlers import Contribution

#: A figure naming a member's journey step (never a rollup column): ``step|buy|42``.
STEP = "step|"
#: The journey in order; each step counts the members of the step before who took it too.
STEPS = ("discover", "consider", "buy", "fulfil", "retain")
#: Where each source's rows go in ``journey_figures``' arguments (``src``: one row).
_ARGS = {
    "insights.orders": "ARRAY[src], '{}', '{}'",
    "insights.scans": "'{}', ARRAY[src], '{}'",
    "insights.check_ins": "'{}', '{}', ARRAY[src]",
}
_COLUMNS = "day, region_id, store_id, touchpoint_id, guide_id, step, member_id"


def is_step(figure: str) -> bool:
    return figure.startswith(STEP)


def rule(source: str, rows: str = "ARRAY[src]") -> str | None:
    """``journey_figures`` over ``rows`` of ``source`` (a LATERAL call), or None if its
    rows take no step."""
    args = _ARGS.get(source)
    if args is None:
        return None
    return f"insights.journey_figures({args.replace('ARRAY[src]', rows)})"


_ADD = f"""
    WITH d AS (
        SELECT day, region_id, store_id, touchpoint_id, guide_id, step, member_id,
               sum(delta)::int AS delta
        FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS x(day date, region_id int,
            store_id int, touchpoint_id int, guide_id int, step text, member_id bigint,
            delta int)
        GROUP BY {_COLUMNS} HAVING sum(delta) <> 0
    )
    INSERT INTO insights.member_steps AS s ({_COLUMNS}, n)
    SELECT {_COLUMNS}, delta FROM d ORDER BY {_COLUMNS}
    ON CONFLICT ({_COLUMNS}) DO UPDATE SET n = s.n + EXCLUDED.n
"""
_GONE = """
    DELETE FROM insights.member_steps AS s
    USING jsonb_to_recordset(CAST(:rows AS jsonb)) AS x(day date, region_id int,
        store_id int, touchpoint_id int, guide_id int, step text, member_id bigint)
    WHERE (s.day, s.region_id, s.store_id, s.touchpoint_id, s.guide_id, s.step, s.member_id)
        = (x.day, x.region_id, x.store_id, x.touchpoint_id, x.guide_id, x.step, x.member_id)
      AND s.n = 0
"""


def add(session: Session, contributions: Iterable[Contribution]) -> None:
    """Add signed journey steps (``step|`` figures); rows netted to 0 are deleted."""
    rows: list[dict[str, Any]] = []
    for c in contributions:
        _, step, member = c.figure.split("|")
        rows.append(
            {
                "day": c.day.isoformat(),
                "region_id": c.region_id,
                "store_id": c.store_id,
                "touchpoint_id": c.touchpoint_id,
                "guide_id": c.guide_id,
                "step": step,
                "member_id": int(member),
                "delta": c.value,
            }
        )
    if not rows:
        return
    params = {"rows": json.dumps(rows)}
    session.execute(text(_ADD), params)
    session.execute(text(_GONE), params)


def steps_of(rows: str) -> str:
    """The rebuild's steps of figure rows ``rows`` (each with its row's ``row_id`` and
    ``member_id``), named by ``journey_step`` as ``journey_figures`` names them: on the
    figure's day and place, without a channel, one each; so the rules run once per row."""
    return f"""
        SELECT r.row_id, r.day, r.region_id, r.store_id, ''::text AS channel, r.touchpoint_id,
               r.guide_id, concat_ws('|', 'step', s.step, r.member_id::text) AS figure,
               1::bigint AS value
        FROM {rows} AS r CROSS JOIN LATERAL (SELECT insights.journey_step(r.figure) AS step) AS s
        WHERE r.member_id IS NOT NULL AND s.step IS NOT NULL
    """


#: The rebuild: a range's steps (``step|`` figures of ``f``) into ``member_steps``.
REBUILD = f"""
    INSERT INTO insights.member_steps AS s ({_COLUMNS}, n)
    SELECT f.day, f.region_id, f.store_id, f.touchpoint_id, f.guide_id,
           split_part(f.figure, '|', 2), split_part(f.figure, '|', 3)::bigint, sum(f.value)
    FROM f WHERE f.figure LIKE '{STEP}%'
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ({_COLUMNS}) DO UPDATE SET n = s.n + EXCLUDED.n
"""
