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

from services.insights.figures import STORED
from services.insights.handlers import HANDLERS, Contribution

#: Grain table -> its dimensions (besides day); the migrations create the same. A
#: ``_month`` grain keys each row by its month's first day, so a long period reads whole
#: months there and only its edge days from the daily grain (queries.py).
GRAINS: dict[str, tuple[str, ...]] = {
    "figures_full": ("region_id", "store_id", "channel", "touchpoint_id", "guide_id"),
    "figures_store": ("region_id", "store_id"),
    "figures_channel": ("region_id", "channel"),
    "figures_region": ("region_id",),
    "figures_full_month": ("region_id", "store_id", "channel", "touchpoint_id", "guide_id"),
    "figures_store_month": ("region_id", "store_id"),
    "figures_channel_month": ("region_id", "channel"),
    "figures_region_month": ("region_id",),
}
_ROWS = """
    SELECT day::date AS day, region_id::int AS region_id, store_id::int AS store_id,
           channel::text AS channel, touchpoint_id::int AS touchpoint_id,
           guide_id::int AS guide_id, figure::text AS figure, value::bigint AS value
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS x(day text, region_id int, store_id int,
        channel text, touchpoint_id int, guide_id int, figure text, value bigint)
"""


def monthly(table: str) -> bool:
    return table.endswith("_month")


def _upsert(table: str, select: str) -> str:
    dims = ", ".join(GRAINS[table])
    columns = ", ".join(STORED)
    added = ", ".join(f"{f} = t.{f} + EXCLUDED.{f}" for f in STORED)
    return (
        f"INSERT INTO insights.{table} AS t (day, {dims}, {columns}) {select}"
        f" ON CONFLICT (day, {dims}) DO UPDATE SET {added}"
    )


def _day(table: str) -> str:
    return "date_trunc('month', day)::date" if monthly(table) else "day"


def upsert_sql(table: str, source: str) -> str:
    """Add ``source``'s rows (day, every dimension, figure, value) into one grain, summed:
    one wide row per day (or month) and dimensions, a column per figure."""
    dims = ", ".join(GRAINS[table])
    pivot = ", ".join(f"coalesce(sum(value) FILTER (WHERE figure = '{f}'), 0)" for f in STORED)
    return _upsert(
        table,
        f"SELECT {_day(table)}, {dims}, {pivot} FROM ({source}) AS c"
        f" GROUP BY 1, {dims} ORDER BY 1, {dims}",
    )


def fill_sql(table: str, source: str) -> str:
    """Add ``source``'s wide rows (day, every dimension, a column per figure) into a grain."""
    dims = ", ".join(GRAINS[table])
    sums = ", ".join(f"sum({f})" for f in STORED)
    return _upsert(
        table,
        f"SELECT {_day(table)}, {dims}, {sums} FROM ({source}) AS c"
        f" GROUP BY 1, {dims} ORDER BY 1, {dims}",
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
    unknown = {str(row["figure"]) for row in rows} - set(STORED)
    if unknown:  # a rollup row has no column for it: fail loudly, never drop it
        raise ValueError(f"figures without a rollup column: {sorted(unknown)}")
    for table in GRAINS:
        session.execute(text(upsert_sql(table, _ROWS)), {"rows": json.dumps(rows)})


def apply(session: Session, *, message_id: int, topic: str, payload: dict[str, Any]) -> bool:
    """Add the message to the rollups unless already added; True when it was added now."""
    handler = HANDLERS.get(topic)
    if handler is None or not first_delivery(session, message_id):
        return False
    add(session, handler(payload))
    return True


class _Applied:
    """``insights.applied_events`` as the outbox's delivery record (``outbox.DeliveryRecord``):
    the redelivery sweep asks it which messages insights has applied."""

    def among(self, session: Session, consumer: str, ids: list[int]) -> set[int]:
        found = session.scalars(
            text("SELECT message_id FROM insights.applied_events WHERE message_id = ANY(:ids)"),
            {"ids": ids},
        )
        return set(found)

    def last(self, session: Session, consumer: str) -> int:
        found = session.scalar(text("SELECT max(message_id) FROM insights.applied_events"))
        return int(found or 0)


APPLIED = _Applied()


def first_delivery(session: Session, message_id: int) -> bool:
    """Record the message as applied (in the caller's transaction); False if it was."""
    first = session.execute(
        text(
            "INSERT INTO insights.applied_events (message_id, applied_at) VALUES (:id, now())"
            " ON CONFLICT DO NOTHING RETURNING message_id"
        ),
        {"id": message_id},
    ).first()
    return first is not None
