"""Recompute every rollup from the source tables (``o2o insights rebuild``).

One REPEATABLE READ transaction: it first locks ``applied_events`` against consumers
(a lock is not a query, so the snapshot is taken after it, once every consumer that got
in first has committed), sums ``insights.row_figures`` over every source row, marks
every trigger message the snapshot can see as applied (their effects are in the
sources it read), and replays the outbox for topics other services register. A
message committed after the snapshot is applied by the consumer afterwards, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights import rollups
from services.insights.handlers import HANDLERS, ROW_TOPIC

#: The tables whose rows carry figures (orders.order_lines only through their order).
SOURCES = (
    "orders.orders",
    "touchpoints.scans",
    "stores.check_ins",
    "stores.appointments",
    "members.members",
)
_STAGED = """
    SELECT day, region_id, store_id, channel, touchpoint_id, guide_id, figure, value
    FROM insights_rebuild
"""


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Session], None]


def _stage(source: str) -> Callable[[Session], None]:
    def run(session: Session) -> None:
        session.execute(
            text(
                "INSERT INTO insights_rebuild SELECT f.* FROM "
                f"{source} AS src, LATERAL insights.row_figures(:source, to_jsonb(src)) AS f"
            ),
            {"source": source},
        )

    return run


def _fill(table: str) -> Callable[[Session], None]:
    def run(session: Session) -> None:
        session.execute(text(rollups.upsert_sql(table, _STAGED)))

    return run


def _mark_applied(session: Session) -> None:
    session.execute(
        text(
            "INSERT INTO insights.applied_events (message_id, applied_at)"
            " SELECT id, now() FROM platform.outbox WHERE topic = :topic"
            " ON CONFLICT DO NOTHING"
        ),
        {"topic": ROW_TOPIC},
    )


def _replay(session: Session) -> None:
    """Topics fed by other services' events: their outbox messages are the source."""
    for topic in HANDLERS:
        if topic == ROW_TOPIC:
            continue
        rows = session.execute(
            text("SELECT id, payload FROM platform.outbox WHERE topic = :t ORDER BY id"),
            {"t": topic},
        )
        for message_id, payload in rows.all():
            rollups.apply(session, message_id=message_id, topic=topic, payload=payload)


def steps() -> list[Step]:
    return [
        *(Step(f"sum {source}", _stage(source)) for source in SOURCES),
        *(Step(f"fill insights.{table}", _fill(table)) for table in rollups.GRAINS),
        Step("mark trigger messages applied", _mark_applied),
        Step("replay other topics", _replay),
    ]


def begin(session: Session) -> None:
    """Open the rebuild's snapshot: consumers locked out, rollups emptied."""
    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    session.execute(text("LOCK TABLE insights.applied_events IN EXCLUSIVE MODE"))
    tables = ", ".join(f"insights.{t}" for t in (*rollups.GRAINS, "applied_events"))
    session.execute(text(f"TRUNCATE {tables}"))
    session.execute(
        text(
            "CREATE TEMP TABLE insights_rebuild (day date, region_id int, store_id int,"
            " channel text, touchpoint_id int, guide_id int, figure text, value bigint)"
            " ON COMMIT DROP"
        )
    )


def rebuild(session: Session, *, progress: Callable[[str], None] | None = None) -> None:
    """Every step in the caller's transaction (the caller commits)."""
    begin(session)
    for step in steps():
        step.run(session)
        if progress is not None:
            progress(step.name)
