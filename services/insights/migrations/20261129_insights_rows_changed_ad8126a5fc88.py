# ruff: noqa: E501  (the function texts below are frozen copies, byte for byte)
"""insights off the writers' path: statement triggers name changed rows, the consumer
reconciles each row against what it counted (insights.counted)

The row triggers computed every changed row's figures in the writer's transaction
(about two thirds of the flash sale's database time); now a statement names its changed
rows in one outbox message and the consumer recomputes them. ``counted`` starts as every
row's figures now: the rollups reach the same sums once the row triggers' last messages
are applied (their handler stays for that).

Revision ID: ad8126a5fc88
Revises: b2e6d1f4a8c7
Create Date: 2026-11-29 12:50:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from services.platform import sql_source

revision: str = "ad8126a5fc88"
down_revision: str | None = "b2e6d1f4a8c7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen: the text this revision ran (the file moved on in 0b7d3e9a4c21).
ROWS_CHANGED = """-- Statement triggers on every table insights keeps figures from: name the source rows a
-- statement changed, as one 'insights.rows_changed' outbox message ({source, ids}) in the
-- writer's own transaction, and nothing else. The writer computes no figures: the insights
-- consumer (services/insights/reconcile.py) recomputes each named row's figures from its
-- current state and adds the difference from what it counted for that row last time, so
-- repeated, late and reordered messages all end at row_figures(the row as it is now).
-- Rows that cannot change a figure publish nothing (row_figures.sql says why): an order
-- never paid, ready or closed (a placement: no message), an order line of such an order,
-- and a member whose joined_at stayed (points move on every order). Order lines name their
-- order, whose figures hold the units. A bulk load (demo seed, benchmarks) sets
-- insights.bulk_load = 'on' for its transaction and runs `o2o insights rebuild` after it.
CREATE OR REPLACE FUNCTION insights.rows_changed()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    source text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
    ids bigint[] := '{}';
BEGIN
    IF current_setting('insights.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF source = 'orders.orders' THEN
        IF TG_OP <> 'DELETE' THEN
            ids := ARRAY(SELECT n.id FROM new_rows n
                         WHERE coalesce(n.paid_at, n.ready_at, n.closed_at) IS NOT NULL);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT o.id FROM old_rows o
                                WHERE coalesce(o.paid_at, o.ready_at, o.closed_at) IS NOT NULL);
        END IF;
    ELSIF source = 'orders.order_lines' THEN
        source := 'orders.orders';
        IF TG_OP <> 'DELETE' THEN
            ids := ARRAY(SELECT n.order_id FROM new_rows n);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT o.order_id FROM old_rows o);
        END IF;
        ids := ARRAY(SELECT o.id FROM orders.orders o WHERE o.id = ANY (ids)
                       AND coalesce(o.paid_at, o.ready_at, o.closed_at) IS NOT NULL);
    ELSIF source = 'members.members' AND TG_OP = 'UPDATE' THEN
        ids := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE n.joined_at IS DISTINCT FROM o.joined_at);
    ELSE
        IF TG_OP <> 'DELETE' THEN
            ids := ARRAY(SELECT n.id FROM new_rows n);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT o.id FROM old_rows o);
        END IF;
    END IF;
    IF cardinality(ids) > 0 THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('insights.rows_changed',
                jsonb_build_object('source', source,
                                   'ids', to_jsonb(ARRAY(SELECT DISTINCT unnest(ids) ORDER BY 1))),
                now(), 0);
    END IF;
    RETURN NULL;
END
$$;
"""

_TRIGGERS_BEFORE = Path(__file__).with_name("20261129_insights_figures_triggers_5e8b2d4f6a19.py")
#: The tables the triggers sit on (order lines name their order).
TABLES = (
    "orders.orders",
    "orders.order_lines",
    "touchpoints.scans",
    "stores.check_ins",
    "stores.appointments",
    "members.members",
)
#: The tables whose rows carry figures, keyed by id (services/insights/reconcile.py).
SOURCES = tuple(t for t in TABLES if t != "orders.order_lines")
_TRIGGERS = {
    "insights_rows_inserted": "AFTER INSERT ON {t} REFERENCING NEW TABLE AS new_rows",
    "insights_rows_updated": (
        "AFTER UPDATE ON {t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    ),
    "insights_rows_deleted": "AFTER DELETE ON {t} REFERENCING OLD TABLE AS old_rows",
}


def _count() -> None:
    """Every source row's figures now, as the consumer would store them (reconcile.py)."""
    for source in SOURCES:
        op.execute(
            "INSERT INTO insights.counted (source, row_id, figures)"
            f" SELECT '{source}', src.id, jsonb_agg(jsonb_build_array(f.day, f.region_id,"
            " f.store_id, f.channel, f.touchpoint_id, f.guide_id, f.figure, f.value))"
            f" FROM {source} AS src,"
            f" LATERAL insights.row_figures('{source}', to_jsonb(src)) AS f GROUP BY src.id"
        )


def upgrade() -> None:
    op.create_table(
        "counted",
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.BigInteger(), nullable=False),
        sa.Column("figures", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("source", "row_id"),
        schema="insights",
    )
    for table in TABLES:
        op.execute(f"DROP TRIGGER insights_figures ON {table}")
    op.execute("DROP FUNCTION insights.figures_changed()")
    op.execute(ROWS_CHANGED)
    for table in TABLES:
        for name, when in _TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} {when.format(t=table)}"
                " FOR EACH STATEMENT EXECUTE FUNCTION insights.rows_changed()"
            )
    _count()


def downgrade() -> None:
    for table in TABLES:
        for name in _TRIGGERS:
            op.execute(f"DROP TRIGGER {name} ON {table}")
    op.execute("DROP FUNCTION insights.rows_changed()")
    op.execute(sql_source.frozen(_TRIGGERS_BEFORE, "FIGURES_CHANGED"))
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER insights_figures AFTER INSERT OR UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION insights.figures_changed()"
        )
    op.drop_table("counted", schema="insights")
