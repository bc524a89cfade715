# ruff: noqa: E501  (ROW_FIGURES and FIGURES_CHANGED below are frozen copies, byte for byte)
"""insights figures function and the change triggers that publish each source row's part

Revision ID: 5e8b2d4f6a19
Revises: c3d9e1a7f5b2
Create Date: 2026-11-29 09:35:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5e8b2d4f6a19"
down_revision: str | None = "c3d9e1a7f5b2"
branch_labels: str | Sequence[str] | None = None
# The tables the triggers sit on (orders already depends on members and the outbox;
# naming a dependency twice trips Alembic).
depends_on: str | Sequence[str] | None = (
    "4b7e2c9d1a35",
    "5d7a2c91e4b0",
    "ae520e86b1a8",
)

# Frozen: the text this revision ran (insights/sql/row_figures.sql moved on in b2e6d1f4a8c7).
ROW_FIGURES = """-- What one source row adds to the insights rollups, as (day, dimensions, figure, value).
-- The one rule for every figure kept from a table: the change triggers publish
-- row_figures(NEW) minus row_figures(OLD), and `o2o insights rebuild` sums it over
-- every row, so the two agree by construction (tests/integration/test_insights_rollups.py).
-- Days are the store's local day; dimensions absent on a row are 0 / ''.
-- Lead-time buckets: width_bucket over fixed edges in minutes (services/insights/figures.py
-- keeps the same edges to read them back).
CREATE OR REPLACE FUNCTION insights.row_figures(source text, r jsonb)
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
WITH edges(m) AS (
    SELECT '{5,10,15,20,30,45,60,90,120,180,240,360,480,720,1080,1440,2160,2880,4320,7200,10080}'::float8[]
),
ord AS (  -- an order, or the order of a line
    SELECT o.*, coalesce(s.timezone, 'Asia/Shanghai') AS tz, coalesce(s.region_id, 0) AS rid
    FROM orders.orders o LEFT JOIN stores.stores s ON s.id = o.store_id
    WHERE source = 'orders.order_lines' AND o.id = (r->>'order_id')::bigint
),
o AS (
    SELECT (r->>'id')::bigint AS id, (r->>'member_id')::bigint AS member_id, r->>'status' AS status,
           (r->>'paid_at')::timestamptz AS paid_at, (r->>'ready_at')::timestamptz AS ready_at,
           (r->>'closed_at')::timestamptz AS closed_at,
           coalesce(s.timezone, 'Asia/Shanghai') AS tz, coalesce(s.region_id, 0) AS rid,
           coalesce((r->>'store_id')::int, 0) AS sid, r->>'channel' AS ch,
           coalesce((r->>'touchpoint_id')::int, 0) AS tp, coalesce((r->>'guide_id')::int, 0) AS gid
    FROM (SELECT 1) AS one LEFT JOIN stores.stores s ON s.id = (r->>'store_id')::int
    WHERE source = 'orders.orders'
),
tp AS (  -- a scan, placed by its touchpoint
    SELECT t.id, coalesce(t.store_id, 0) AS sid, coalesce(t.guide_id, 0) AS gid, t.region_id AS rid,
           coalesce(s.timezone, 'Asia/Shanghai') AS tz
    FROM touchpoints.touchpoints t LEFT JOIN stores.stores s ON s.id = t.store_id
    WHERE source = 'touchpoints.scans' AND t.id = (r->>'touchpoint_id')::int
),
st AS (  -- a check-in or an appointment, placed by its store
    SELECT s.id AS sid, s.region_id AS rid, s.timezone AS tz
    FROM stores.stores s
    WHERE source IN ('stores.check_ins', 'stores.appointments') AND s.id = (r->>'store_id')::int
)
SELECT (f.at AT TIME ZONE o.tz)::date, o.rid, o.sid, o.ch, o.tp, o.gid, f.figure, f.value
FROM o CROSS JOIN edges
CROSS JOIN LATERAL (VALUES
    (o.paid_at, 'orders', 1::bigint),
    (o.paid_at, 'gmv_fen', (r->>'total_fen')::bigint),
    (o.paid_at, 'units', (SELECT sum(l.quantity) FROM orders.order_lines l WHERE l.order_id = o.id)),
    (o.paid_at, 'refunded_fen', (r->>'refunded_fen')::bigint),
    (o.paid_at, 'coupon_orders', (r->>'coupon_id' IS NOT NULL)::int::bigint),
    (o.paid_at, 'points_orders', ((r->>'points_spent')::int > 0)::int::bigint),
    (o.paid_at, 'points_spent', (r->>'points_spent')::bigint),
    (o.paid_at, 'attributed_orders', (o.tp <> 0)::int::bigint),
    (o.paid_at, 'repeat_orders', EXISTS (
        SELECT 1 FROM orders.orders p
        WHERE p.member_id = o.member_id AND p.id <> o.id
          AND p.paid_at < o.paid_at AND p.paid_at >= o.paid_at - interval '90 days'
    )::int::bigint),
    (CASE WHEN o.paid_at IS NOT NULL THEN o.ready_at END, 'ready', 1::bigint),
    (CASE WHEN o.paid_at IS NOT NULL THEN o.ready_at END,
     'paid_ready_b' || lpad(width_bucket(extract(epoch FROM o.ready_at - o.paid_at) / 60, edges.m)::text, 2, '0'),
     1::bigint),
    (CASE WHEN o.status = 'picked_up' THEN o.closed_at END, 'collected', 1::bigint),
    (CASE WHEN o.status = 'picked_up' AND o.ready_at IS NOT NULL THEN o.closed_at END,
     'ready_collected_b' || lpad(width_bucket(extract(epoch FROM o.closed_at - o.ready_at) / 60, edges.m)::text, 2, '0'),
     1::bigint),
    (CASE WHEN o.status IN ('picked_up', 'delivered') THEN o.closed_at END, 'fulfilled', 1::bigint),
    (CASE WHEN o.status = 'expired' AND o.ready_at IS NOT NULL THEN o.closed_at END, 'pickup_expired', 1::bigint)
) AS f(at, figure, value)
WHERE f.at IS NOT NULL AND f.value IS NOT NULL AND f.value <> 0
UNION ALL
SELECT (ord.paid_at AT TIME ZONE ord.tz)::date, ord.rid, coalesce(ord.store_id, 0), ord.channel,
       coalesce(ord.touchpoint_id, 0), coalesce(ord.guide_id, 0), 'units', (r->>'quantity')::bigint
FROM ord WHERE ord.paid_at IS NOT NULL AND (r->>'quantity')::bigint <> 0
UNION ALL
SELECT ((r->>'scanned_at')::timestamptz AT TIME ZONE tp.tz)::date, tp.rid, tp.sid, '', tp.id, tp.gid,
       'scans', 1
FROM tp
UNION ALL
SELECT ((r->>'checked_in_at')::timestamptz AT TIME ZONE st.tz)::date, st.rid, st.sid, '',
       coalesce((r->>'touchpoint_id')::int, 0), 0, 'check_ins', 1
FROM st WHERE source = 'stores.check_ins'
UNION ALL
SELECT ((r->>'starts_at')::timestamptz AT TIME ZONE st.tz)::date, st.rid, st.sid, '', 0,
       (r->>'guide_id')::int, f.figure, 1
FROM st CROSS JOIN LATERAL (VALUES
    ('appointments', r->>'status' <> 'cancelled'),
    ('no_shows', r->>'status' = 'no_show'),
    ('appointment_purchases', r->>'status' <> 'cancelled' AND r->>'order_number' IS NOT NULL)
) AS f(figure, counted)
WHERE source = 'stores.appointments' AND f.counted
UNION ALL
SELECT ((r->>'joined_at')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, '', 0, 0,
       'new_members', 1
WHERE source = 'members.members'
$$;
"""
# Frozen too: the row triggers gave way to the statement triggers of rows_changed.sql.
FIGURES_CHANGED = """-- Row trigger on every table insights keeps figures from: publish what the change
-- adds to the rollups (row_figures(NEW) minus row_figures(OLD), netted) as one outbox
-- message in the writer's own transaction. Each message's contribution depends only on
-- itself, so messages may be applied in any order; insights.applied_events makes each
-- count once. A bulk load (demo seed, benchmarks) sets insights.bulk_load = 'on' for its
-- transaction and runs `o2o insights rebuild` after it instead.
CREATE OR REPLACE FUNCTION insights.figures_changed()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    source text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
    changes jsonb;
BEGIN
    IF current_setting('insights.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    SELECT jsonb_agg(jsonb_build_array(day, region_id, store_id, channel, touchpoint_id, guide_id,
                                       figure, value))
      INTO changes
      FROM (
        SELECT c.day, c.region_id, c.store_id, c.channel, c.touchpoint_id, c.guide_id, c.figure,
               sum(c.value) AS value
          FROM (
            SELECT f.* FROM insights.row_figures(source, to_jsonb(NEW)) f WHERE TG_OP <> 'DELETE'
            UNION ALL
            SELECT f.day, f.region_id, f.store_id, f.channel, f.touchpoint_id, f.guide_id, f.figure,
                   -f.value
              FROM insights.row_figures(source, to_jsonb(OLD)) f WHERE TG_OP <> 'INSERT'
          ) AS c
         GROUP BY 1, 2, 3, 4, 5, 6, 7
        HAVING sum(c.value) <> 0
      ) AS netted;
    IF changes IS NOT NULL THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('insights.figures', jsonb_build_object('source', source, 'rows', changes), now(), 0);
    END IF;
    RETURN NULL;
END
$$;
"""
#: The tables whose rows the figures come from (orders.order_lines: units of a paid order).
SOURCES = (
    "orders.orders",
    "orders.order_lines",
    "touchpoints.scans",
    "stores.check_ins",
    "stores.appointments",
    "members.members",
)


def upgrade() -> None:
    op.execute(ROW_FIGURES)
    op.execute(FIGURES_CHANGED)
    for source in SOURCES:
        op.execute(
            f"CREATE TRIGGER insights_figures AFTER INSERT OR UPDATE OR DELETE ON {source}"
            " FOR EACH ROW EXECUTE FUNCTION insights.figures_changed()"
        )


def downgrade() -> None:
    for source in SOURCES:
        op.execute(f"DROP TRIGGER IF EXISTS insights_figures ON {source}")
    op.execute("DROP FUNCTION insights.figures_changed()")
    op.execute("DROP FUNCTION insights.row_figures(text, jsonb)")
