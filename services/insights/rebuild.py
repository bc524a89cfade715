"""Recompute every rollup from the owners' rows (``o2o insights rebuild``).

One REPEATABLE READ transaction: it first locks ``applied_events`` against consumers
(a lock is not a query, so the snapshot is taken after it, once every consumer that got
in first has committed), fills insights' copies from the owners' public views
(``copies.COPIES``; a store's region and clock from ``stores.public_stores``), runs
each copied row through its figure rule once, in id ranges of one statement each (the
rule's rows materialized once, then stored as ``counted``, summed into the finest grain,
into ``members_seen`` and, named by ``journey_step``, into ``member_steps``: all set-based,
nothing per row leaves the database); the coarser grains and the months are then summed
from the finest; it marks every message of the topics insights reads that the snapshot can
see as applied (their effects are in the views it read), and replays the outbox for topics
other services register. A message committed after the snapshot is applied by the consumer
afterwards, once, over the copies (its rows are newer than what the views showed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights import active, copies, journeys, reconcile, rollups
from services.insights.handlers import HANDLERS, ROW_TOPIC

#: The copies whose rows carry figures: the same the consumer reconciles.
SOURCES = reconcile.SOURCES
#: Source rows judged per statement: bounds the memory of a statement's figure rows (spilled
#: to a temporary file past ``work_mem``) and moves the progress bar; the fewer statements,
#: the fewer times one rollup row is added to again.
CHUNK = 1_000_000
DAY_GRAINS = tuple(t for t in rollups.GRAINS if not rollups.monthly(t) and t != "figures_full")
MONTH_GRAINS = tuple(t for t in rollups.GRAINS if rollups.monthly(t))


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Session], None]


#: Sources whose rule is a function over a set of rows (their row_figures part calls it).
SET_RULES = {
    "insights.orders": "insights.order_figures",
    "insights.scans": "insights.scan_figures",
    "insights.check_ins": "insights.check_in_figures",
    "insights.members": "insights.member_figures",
}
#: Every copy the rebuild empties and fills again.
COPIES = ("insights.stores", *(c.table for c in copies.COPIES.values()))
_STORES = (
    "INSERT INTO insights.stores (id, region_id, timezone)"
    " SELECT id, region_id, timezone FROM stores.public_stores"
)
_FIGURES = f"figure NOT LIKE '{active.SEEN}%' AND figure NOT LIKE '{journeys.STEP}%'"
#: A range's activities (``seen:`` figures of ``f``) added to ``members_seen`` at each level.
_SEEN = f"""
    INSERT INTO insights.members_seen AS s (member_id, region_id, store_id, day, n)
    SELECT substr(f.figure, {len(active.SEEN) + 1})::bigint, l.region_id, l.store_id, f.day,
           sum(f.value)
    FROM f CROSS JOIN LATERAL (VALUES (f.region_id, f.store_id), (f.region_id, -1), (-1, -1))
        AS l(region_id, store_id)
    WHERE f.figure LIKE '{active.SEEN}%'
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (member_id, region_id, store_id, day) DO UPDATE SET n = s.n + EXCLUDED.n
"""


def _sum(source: str, low: int, high: int) -> Callable[[Session], None]:
    """One id range of a source, in one statement: each row's figures through its rule,
    evaluated once (``f``, MATERIALIZED), stored as counted (what the consumer diffs
    against later), summed into the finest grain, the activities into ``members_seen`` and
    the journey steps into ``member_steps``.

    The rule runs on each row alone (``ARRAY[src]``), as the consumer runs it: a call over
    the whole range could not say which row gave which figure."""
    if source in SET_RULES:
        rule = f"{SET_RULES[source]}(ARRAY[src])"
    else:
        rule = "insights.row_figures(:source, to_jsonb(src))"
    stepped = journeys.rule(source) is not None  # its rows give their members steps
    member = "src.member_id" if stepped else "NULL::bigint"
    rows = f"""
        SELECT src.id AS row_id, {member} AS member_id, f.*
        FROM {source} AS src, LATERAL {rule} AS f
        WHERE src.id >= :low AND src.id < :high AND NOT src.gone
    """
    figures = (
        "SELECT row_id, day, region_id, store_id, channel, touchpoint_id, guide_id, figure, value"
        " FROM r"
    )
    if stepped:
        figures += f" UNION ALL {journeys.steps_of('r')}"
    dims = ", ".join(rollups.GRAINS["figures_full"])
    # Summed per day, dimensions and figure first: the pivot then tests far fewer rows.
    summed = (
        f"SELECT day, {dims}, figure, sum(value) AS value FROM f"
        f" WHERE {_FIGURES} GROUP BY day, {dims}, figure"
    )
    sql = f"""
        WITH r AS MATERIALIZED ({rows}),
        f AS MATERIALIZED ({figures}),
        counted AS (
            INSERT INTO insights.counted (source, row_id, figures)
            SELECT :source, f.row_id, jsonb_agg({reconcile.ENCODED}) FROM f GROUP BY f.row_id
        ),
        grained AS ({rollups.upsert_sql("figures_full", summed)}),
        stepped AS ({journeys.REBUILD})
        {_SEEN}
    """

    def run(session: Session) -> None:
        session.execute(text(sql), {"source": source, "low": low, "high": high})

    return run


def _count_active(session: Session) -> None:
    for sql in active.REBUILD_COUNTS:
        session.execute(text(sql))


def _fill(table: str, source: str) -> Callable[[Session], None]:
    def run(session: Session) -> None:
        session.execute(text(rollups.fill_sql(table, f"SELECT * FROM insights.{source}")))

    return run


def _fill_copies(session: Session) -> None:
    """Every copy from its owner's public view, as of the snapshot (``message_id`` 0)."""
    session.execute(text(_STORES))
    for copy in copies.COPIES.values():
        cols = ", ".join(copy.columns)
        session.execute(
            text(
                f"INSERT INTO {copy.table} (id, message_id, gone, {cols})"
                f" SELECT id, 0, false, {cols} FROM {copy.view}"
            )
        )
    # Just filled in this transaction, the copies have no statistics yet: without them
    # the rules' lookups (a member's earlier orders, an order's payment) scan whole tables.
    session.execute(text(f"ANALYZE {', '.join(COPIES)}"))


def _mark_applied(session: Session) -> None:
    """The messages the snapshot sees are in the views it read: never apply them again."""
    session.execute(
        text(
            "INSERT INTO insights.applied_events (message_id, applied_at)"
            " SELECT id, now() FROM platform.outbox WHERE topic = ANY(CAST(:topics AS text[]))"
            " ON CONFLICT DO NOTHING"
        ),
        {"topics": [ROW_TOPIC, *copies.TOPICS]},
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


def steps(session: Session) -> list[Step]:
    """What the rebuild does after ``begin``, in order (the sources read in id ranges).

    Members come after every activity is in ``members_seen``: their rule reads their home
    store from it."""
    summed: list[Step] = []
    for source in sorted(SOURCES, key=lambda s: s == reconcile.MEMBERS):  # members last
        if source == reconcile.MEMBERS:
            summed.append(Step("count active members", _count_active))
        # The copies fill in the first step: their ids are the views' (one snapshot).
        view = next(c.view for c in copies.COPIES.values() if c.table == source)
        low, high = session.execute(text(f"SELECT min(id), max(id) FROM {view}")).one()
        for at in range(low or 0, (high or -1) + 1, CHUNK):
            summed.append(Step(f"sum {source} from id {at}", _sum(source, at, at + CHUNK)))
    return [
        Step("copy the owners' rows", _fill_copies),
        *summed,
        *(Step(f"fill insights.{t}", _fill(t, "figures_full")) for t in DAY_GRAINS),
        *(Step(f"fill insights.{t}", _fill(t, t.removesuffix("_month"))) for t in MONTH_GRAINS),
        Step("mark the snapshot's messages applied", _mark_applied),
        Step("replay other topics", _replay),
    ]


def begin(session: Session) -> None:
    """Open the rebuild's snapshot: consumers locked out, rollups emptied."""
    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    session.execute(text("LOCK TABLE insights.counted, insights.applied_events IN EXCLUSIVE MODE"))
    kept = (
        *rollups.GRAINS,
        "counted",
        "applied_events",
        "members_seen",
        "active_members",
        "member_steps",
    )
    tables = ", ".join([*(f"insights.{t}" for t in kept), *COPIES])
    session.execute(text(f"TRUNCATE {tables}"))
    # The rules' lookups and the sums' hashes of a whole history: in memory, not on disk.
    session.execute(text("SET LOCAL work_mem = '256MB'"))


def rebuild(session: Session, *, progress: Callable[[str], None] | None = None) -> None:
    """Every step in the caller's transaction (the caller commits)."""
    begin(session)
    for step in steps(session):
        step.run(session)
        if progress is not None:
            progress(step.name)
