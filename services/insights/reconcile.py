"""Keep each changed source row's part of the rollups equal to its figures now.

The rows are insights' own copies of the owners' rows, kept from their events
(``copies.py``); each message names the rows whose figures it may have changed. For each
named row this recomputes ``insights.row_figures`` from the copy as it is now, subtracts
what ``insights.counted`` says was added for it last time, adds the difference to every
grain and stores the new figures as counted, in one transaction. So a message repeated,
late or overtaken by a newer one adds nothing wrong: whatever the order, once the last
change of a row has been reconciled the rollups hold ``row_figures(row)`` for it, which is
what ``o2o insights rebuild`` sums.

Two consumers reconciling one row queue on its ``counted`` row (locked in id order, so
never in a cycle), and the second reads the figures the first stored. The rebuild locks
``applied_events`` and ``counted`` before its snapshot, so a consumer (which first records
its message there) waits for it and then sees its result.

Activities (``seen:`` figures) go to ``active.py`` instead of the rollups, journey steps
(``step|`` figures, ``journey_figures.sql``) to ``journeys.py``. A member whose
store visits changed is reconciled again in the same transaction: their home store, and so
where they count as a new member, is their first visit (``member_figures.sql``). Locks are
taken in one order by every consumer: the message's copy rows (in id order), the stores it
names, the rows' ``counted``, then the members' advisory locks, then the members'
``counted``, then journey steps (in key order), then rollup rows, so waits never form a
cycle.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights import active, copies, journeys, rollups
from services.insights.handlers import Contribution

MEMBERS = copies.MEMBERS
#: The copies whose rows carry figures, each keyed by ``id``.
SOURCES = copies.SOURCES
#: One figure row as ``counted`` keeps it (the rebuild writes the same).
ENCODED = (
    "jsonb_build_array(f.day, f.region_id, f.store_id, f.channel, f.touchpoint_id,"
    " f.guide_id, f.figure, f.value)"
)
#: Every figure row of ``counted`` rows ``c`` (as ``e``) back in columns.
DECODED = (
    "(e->>0)::date AS day, (e->>1)::int AS region_id, (e->>2)::int AS store_id,"
    " e->>3 AS channel, (e->>4)::int AS touchpoint_id, (e->>5)::int AS guide_id,"
    " e->>6 AS figure, (e->>7)::bigint AS value"
)
_DIMS = "day, region_id, store_id, channel, touchpoint_id, guide_id, figure"

_CLAIM = """
    INSERT INTO insights.counted (source, row_id, figures)
    SELECT :source, id, '[]'::jsonb FROM unnest(CAST(:ids AS bigint[])) AS id ORDER BY id
    ON CONFLICT DO NOTHING
"""
_LOCK = """
    SELECT row_id FROM insights.counted
    WHERE source = :source AND row_id = ANY(CAST(:ids AS bigint[]))
    ORDER BY row_id FOR UPDATE
"""


def _difference(table: str) -> str:
    """The rows' figures now minus what was counted; stores the figures now as counted."""
    steps = journeys.rule(table)
    stepped = (
        ""
        if steps is None
        else f"""UNION ALL
        SELECT src.id AS row_id, f.*
        FROM {table} AS src, LATERAL {steps} AS f
        WHERE src.id = ANY(CAST(:ids AS bigint[])) AND NOT src.gone"""
    )
    return f"""
    WITH fresh AS (
        SELECT src.id AS row_id, f.*
        FROM {table} AS src, LATERAL insights.row_figures(:source, to_jsonb(src)) AS f
        WHERE src.id = ANY(CAST(:ids AS bigint[])) AND NOT src.gone
        {stepped}
    ),
    was AS (
        SELECT {DECODED}
        FROM insights.counted AS c, jsonb_array_elements(c.figures) AS e
        WHERE c.source = :source AND c.row_id = ANY(CAST(:ids AS bigint[]))
    ),
    stored AS (
        UPDATE insights.counted AS c
        SET figures = coalesce(
            (SELECT jsonb_agg({ENCODED}) FROM fresh AS f WHERE f.row_id = c.row_id), '[]')
        WHERE c.source = :source AND c.row_id = ANY(CAST(:ids AS bigint[]))
    )
    SELECT {_DIMS}, sum(value)::bigint AS value
    FROM (
        SELECT {_DIMS}, value FROM fresh
        UNION ALL
        SELECT {_DIMS}, -value FROM was
    ) AS d
    GROUP BY {_DIMS}
    HAVING sum(value) <> 0
    """


def _changes(session: Session, source: str, ids: list[int]) -> list[Contribution]:
    """Lock the rows' ``counted`` entries; their figures now minus counted, stored as counted."""
    params: dict[str, Any] = {"source": source, "ids": sorted({int(i) for i in ids})}
    if not params["ids"]:
        return []
    session.execute(text(_CLAIM), params)
    session.execute(text(_LOCK), params)
    return [Contribution(*row) for row in session.execute(text(_difference(source)), params)]


def reconcile(session: Session, *, source: str, ids: list[int]) -> int:
    """Bring the rows' part of the rollups to their figures now; how many changed."""
    if source not in SOURCES:
        raise ValueError(f"insights keeps no figures from {source!r}")
    changed = _changes(session, source, ids)
    figures = [c for c in changed if not active.is_seen(c.figure)]
    visited = active.add(session, [c for c in changed if active.is_seen(c.figure)])
    if visited and source != MEMBERS:
        figures += _changes(session, MEMBERS, sorted(visited))
    journeys.add(session, [c for c in figures if journeys.is_step(c.figure)])
    rollups.add(session, [c for c in figures if not journeys.is_step(c.figure)])
    return len(changed)


def apply(session: Session, *, message_id: int, topic: str, payload: dict[str, Any]) -> None:
    """One outbox message, once: an owner's rows into the copies and their figures
    reconciled; other topics' contributions added."""
    if topic not in copies.TOPICS:
        rollups.apply(session, message_id=message_id, topic=topic, payload=payload)
    elif rollups.first_delivery(session, message_id):
        source, ids = copies.keep(session, message_id=message_id, topic=topic, payload=payload)
        reconcile(session, source=source, ids=ids)
