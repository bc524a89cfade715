"""Add one outbox message to every rollup grain, exactly once.

The message id goes into ``insights.applied_events`` in the same transaction as the
upserts: a redelivered message finds its id and adds nothing; a crash before commit
leaves neither. Upserts add signed values, so the order messages arrive in does not
matter. Rows are written in key order so two consumers never wait on each other in a
cycle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights.handlers import HANDLERS, Contribution

#: Grain table -> its dimensions (besides day and figure); the migration creates the same.
GRAINS: dict[str, tuple[str, ...]] = {
    "figures_full": ("region_id", "store_id", "channel", "touchpoint_id", "guide_id"),
    "figures_store": ("region_id", "store_id"),
    "figures_channel": ("region_id", "channel"),
    "figures_region": ("region_id",),
}
_ROWS = """
    SELECT day::date AS day, region_id::int AS region_id, store_id::int AS store_id,
           channel::text AS channel, touchpoint_id::int AS touchpoint_id,
           guide_id::int AS guide_id, figure::text AS figure, value::bigint AS value
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS x(day text, region_id int, store_id int,
        channel text, touchpoint_id int, guide_id int, figure text, value bigint)
"""


def upsert_sql(table: str, source: str) -> str:
    """Add ``source``'s rows (every dimension column) into one grain, summed."""
    dims = ", ".join(GRAINS[table])
    return (
        f"INSERT INTO insights.{table} AS t (day, {dims}, figure, value)"
        f" SELECT day, {dims}, figure, sum(value) FROM ({source}) AS c"
        f" GROUP BY day, {dims}, figure ORDER BY day, {dims}, figure"
        f" ON CONFLICT (day, {dims}, figure) DO UPDATE SET value = t.value + EXCLUDED.value"
    )


def add(session: Session, contributions: Iterable[Contribution]) -> None:
    rows = [
        {
            "day": c.day.isoformat(),
            "region_id": c.region_id,
            "store_id": c.store_id,
            "channel": c.channel,
            "touchpoint_id": c.touchpoint_id,
            "guide_id": c.guide_id,
            "figure": c.figure,
            "value": c.value,
        }
        for c in contributions
    ]
    if not rows:
        return
    for table in GRAINS:
        session.execute(text(upsert_sql(table, _ROWS)), {"rows": json.dumps(rows)})


def apply(session: Session, *, message_id: int, topic: str, payload: dict[str, Any]) -> bool:
    """Add the message to the rollups unless already added; True when it was added now."""
    handler = HANDLERS.get(topic)
    if handler is None:
        return False
    first = session.execute(
        text(
            "INSERT INTO insights.applied_events (message_id, applied_at) VALUES (:id, now())"
            " ON CONFLICT DO NOTHING RETURNING message_id"
        ),
        {"id": message_id},
    ).first()
    if first is None:
        return False
    add(session, handler(payload))
    return True
