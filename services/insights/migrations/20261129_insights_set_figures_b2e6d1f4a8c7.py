# ruff: noqa: E501  (the function texts below are frozen copies, byte for byte)
"""insights: the rules for orders, scans and check-ins as functions over a set of rows

``o2o insights rebuild`` called row_figures once per source row (about 0.3 ms each under
load: 2,000,000 orders took most of an hour); the same rules over whole id ranges cost a
hash join and a few index probes per row. row_figures applies them to its one row.

Revision ID: b2e6d1f4a8c7
Revises: 7c41f0a2d9e3
Create Date: 2026-11-29 12:00:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "b2e6d1f4a8c7"
down_revision: str | None = "7c41f0a2d9e3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen: the texts this revision ran (the files moved on in 3f9a7c2e5d14).
ORDER_FIGURES = """-- What a set of order rows adds to the insights rollups, as (day, dimensions, figure,
-- value): the rule for orders. row_figures applies it to one row (the change triggers);
-- `o2o insights rebuild` to every order, a few hundred thousand rows per call, so it is
-- written over a set (typed columns, the store joined once, no per-use parsing).
-- Days are the store's local day; dimensions absent on a row are 0 / ''.
-- Lead-time buckets: width_bucket over fixed edges in minutes (services/insights/figures.py
-- keeps the same edges to read them back).
CREATE OR REPLACE FUNCTION insights.order_figures(rs orders.orders[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (f.at AT TIME ZONE o.tz)::date, o.rid, o.sid, o.ch, o.tp, o.gid, f.figure, f.value
FROM (
    SELECT r.id, r.member_id, r.status, r.paid_at, r.ready_at, r.closed_at, r.total_fen,
           r.refunded_fen, r.coupon_id, r.points_spent,
           coalesce(s.timezone, 'Asia/Shanghai') AS tz, coalesce(s.region_id, 0) AS rid,
           coalesce(r.store_id, 0) AS sid, r.channel AS ch, coalesce(r.touchpoint_id, 0) AS tp,
           coalesce(r.guide_id, 0) AS gid
    FROM unnest(rs) AS r LEFT JOIN stores.stores s ON s.id = r.store_id
) AS o
CROSS JOIN LATERAL (VALUES
    (o.paid_at, 'orders', 1::bigint),
    (o.paid_at, 'gmv_fen', o.total_fen::bigint),
    (o.paid_at, 'units', (SELECT sum(l.quantity) FROM orders.order_lines l WHERE l.order_id = o.id)),
    (o.paid_at, 'refunded_fen', o.refunded_fen::bigint),
    (o.paid_at, 'coupon_orders', (o.coupon_id IS NOT NULL)::int::bigint),
    (o.paid_at, 'points_orders', (o.points_spent > 0)::int::bigint),
    (o.paid_at, 'points_spent', o.points_spent::bigint),
    (o.paid_at, 'attributed_orders', (o.tp <> 0)::int::bigint),
    (o.paid_at, 'repeat_orders', EXISTS (
        SELECT 1 FROM orders.orders p
        WHERE p.member_id = o.member_id AND p.id <> o.id
          AND p.paid_at < o.paid_at AND p.paid_at >= o.paid_at - interval '90 days'
    )::int::bigint),
    (CASE WHEN o.paid_at IS NOT NULL THEN o.ready_at END, 'ready', 1::bigint),
    (CASE WHEN o.paid_at IS NOT NULL THEN o.ready_at END,
     'paid_ready_b' || lpad(width_bucket(extract(epoch FROM o.ready_at - o.paid_at) / 60,
        '{5,10,15,20,30,45,60,90,120,180,240,360,480,720,1080,1440,2160,2880,4320,7200,10080}'::float8[])::text, 2, '0'),
     1::bigint),
    (CASE WHEN o.status = 'picked_up' THEN o.closed_at END, 'collected', 1::bigint),
    (CASE WHEN o.status = 'picked_up' AND o.ready_at IS NOT NULL THEN o.closed_at END,
     'ready_collected_b' || lpad(width_bucket(extract(epoch FROM o.closed_at - o.ready_at) / 60,
        '{5,10,15,20,30,45,60,90,120,180,240,360,480,720,1080,1440,2160,2880,4320,7200,10080}'::float8[])::text, 2, '0'),
     1::bigint),
    (CASE WHEN o.status IN ('picked_up', 'delivered') THEN o.closed_at END, 'fulfilled', 1::bigint),
    (CASE WHEN o.status = 'expired' AND o.ready_at IS NOT NULL THEN o.closed_at END, 'pickup_expired', 1::bigint)
) AS f(at, figure, value)
WHERE f.at IS NOT NULL AND f.value IS NOT NULL AND f.value <> 0
$$;
"""
SCAN_FIGURES = """-- What a set of scans adds to the insights rollups: one 'scans' on the scan's local day,
-- placed by its touchpoint (region, store, guide). Written over a set for the rebuild;
-- row_figures applies it to one row.
CREATE OR REPLACE FUNCTION insights.scan_figures(rs touchpoints.scans[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (r.scanned_at AT TIME ZONE coalesce(s.timezone, 'Asia/Shanghai'))::date, t.region_id,
       coalesce(t.store_id, 0), ''::text, t.id, coalesce(t.guide_id, 0), 'scans'::text,
       1::bigint
FROM unnest(rs) AS r
JOIN touchpoints.touchpoints t ON t.id = r.touchpoint_id
LEFT JOIN stores.stores s ON s.id = t.store_id
$$;
"""
CHECK_IN_FIGURES = """-- What a set of store check-ins adds to the insights rollups: one 'check_ins' on the
-- store's local day, with the touchpoint it came through (0: none). Written over a set
-- for the rebuild; row_figures applies it to one row.
CREATE OR REPLACE FUNCTION insights.check_in_figures(rs stores.check_ins[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (r.checked_in_at AT TIME ZONE s.timezone)::date, s.region_id, s.id, ''::text,
       coalesce(r.touchpoint_id, 0), 0, 'check_ins'::text, 1::bigint
FROM unnest(rs) AS r
JOIN stores.stores s ON s.id = r.store_id
$$;
"""
ROW_FIGURES = """-- What one source row adds to the insights rollups, as (day, dimensions, figure, value).
-- The one entry for every figure kept from a table: the change triggers publish
-- row_figures(NEW) minus row_figures(OLD), and `o2o insights rebuild` sums the same rules
-- over every row, so the two agree by construction (tests/integration/test_insights_rollups.py).
-- Orders, scans and check-ins have their rule in a function over a set of rows
-- (order_figures, scan_figures, check_in_figures), which the rebuild calls on whole id
-- ranges; the smaller sources keep theirs here.
-- Days are the store's local day; dimensions absent on a row are 0 / ''.
CREATE OR REPLACE FUNCTION insights.row_figures(source text, r jsonb)
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
WITH ord AS (  -- an order, or the order of a line
    SELECT o.*, coalesce(s.timezone, 'Asia/Shanghai') AS tz, coalesce(s.region_id, 0) AS rid
    FROM orders.orders o LEFT JOIN stores.stores s ON s.id = o.store_id
    WHERE source = 'orders.order_lines' AND o.id = (r->>'order_id')::bigint
),
st AS (  -- an appointment, placed by its store
    SELECT s.id AS sid, s.region_id AS rid, s.timezone AS tz
    FROM stores.stores s
    WHERE source = 'stores.appointments' AND s.id = (r->>'store_id')::int
)
SELECT * FROM insights.order_figures(ARRAY[jsonb_populate_record(NULL::orders.orders, r)])
WHERE source = 'orders.orders'
UNION ALL
SELECT (ord.paid_at AT TIME ZONE ord.tz)::date, ord.rid, coalesce(ord.store_id, 0), ord.channel,
       coalesce(ord.touchpoint_id, 0), coalesce(ord.guide_id, 0), 'units', (r->>'quantity')::bigint
FROM ord WHERE ord.paid_at IS NOT NULL AND (r->>'quantity')::bigint <> 0
UNION ALL
SELECT * FROM insights.scan_figures(ARRAY[jsonb_populate_record(NULL::touchpoints.scans, r)])
WHERE source = 'touchpoints.scans'
UNION ALL
SELECT * FROM insights.check_in_figures(ARRAY[jsonb_populate_record(NULL::stores.check_ins, r)])
WHERE source = 'stores.check_ins'
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
_BEFORE = Path(__file__).with_name("20261129_insights_figures_triggers_5e8b2d4f6a19.py")


def upgrade() -> None:
    op.execute(ORDER_FIGURES)
    op.execute(SCAN_FIGURES)
    op.execute(CHECK_IN_FIGURES)
    op.execute(ROW_FIGURES)


def downgrade() -> None:
    op.execute(sql_source.frozen(_BEFORE, "ROW_FIGURES"))
    op.execute("DROP FUNCTION insights.check_in_figures(stores.check_ins[])")
    op.execute("DROP FUNCTION insights.scan_figures(touchpoints.scans[])")
    op.execute("DROP FUNCTION insights.order_figures(orders.orders[])")
