# ruff: noqa: E501  (the function texts below are frozen copies, byte for byte)
"""insights: active members, new members at their home store, the payment method mix

Every grain gains a count and a sum per payment method (``pay_<method>_orders``,
``pay_<method>_fen``). ``members_seen`` keeps, per member and local day, how many
activities (paid orders, check-ins, scans) they had at each store, in each region and in
all (``-1``: every store / every region); ``active_members`` counts the members with one
per day, ISO week and month (exact; active members do not add up across days). The
members rule reads its home store from ``members_seen`` (``member_figures.sql``).

A database that already holds activity needs ``o2o insights rebuild`` after this upgrade:
the new columns and tables start empty (a row reconciled later fills its own part).

Revision ID: 3f9a7c2e5d14
Revises: ad8126a5fc88
Create Date: 2026-11-30 09:00:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from services.platform import sql_source

revision: str = "3f9a7c2e5d14"
down_revision: str | None = "ad8126a5fc88"
branch_labels: str | Sequence[str] | None = None
# The order rule reads payments.payments and payments.refunds.
depends_on: str | Sequence[str] | None = ("b42d57f02665",)

# Frozen: the text this revision ran (the file moved on in 0b7d3e9a4c21).
ORDER_FIGURES = """-- What a set of order rows adds to the insights rollups, as (day, dimensions, figure,
-- value): the rule for orders. row_figures applies it to one row (the change triggers);
-- `o2o insights rebuild` to every order, a few hundred thousand rows per call, so it is
-- written over a set (typed columns, the store joined once, no per-use parsing).
-- Days are the store's local day; dimensions absent on a row are 0 / ''.
-- Lead-time buckets: width_bucket over fixed edges in minutes (services/insights/figures.py
-- keeps the same edges to read them back).
-- Payment method mix: each paid order counts once, under the gateway of the succeeded
-- payment that paid it (payments.gateway; a second capture, refunded as 'paid_twice',
-- never counts): wechatpay, card (Stripe), counter (cash, card terminal or POS QR taken by
-- staff), other (the offline dev gateway, or no payment recorded, as in bulk-loaded
-- history). No order is paid by points alone: pricing leaves at least 1 fen to a gateway.
-- The order's payment succeeds in the same transaction that marks it paid (both lanes of
-- services/payments/intake.py), so the order's own change names it to the consumer.
-- 'seen:<member>' marks the member active on the paid day at the store (active.py keeps
-- those per member and day, never as a rollup column).
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
           coalesce(r.guide_id, 0) AS gid,
           CASE pay.gateway WHEN 'wechatpay' THEN 'wechatpay' WHEN 'stripe' THEN 'card'
                WHEN 'counter' THEN 'counter' ELSE 'other' END AS method
    FROM unnest(rs) AS r LEFT JOIN stores.stores s ON s.id = r.store_id
    LEFT JOIN LATERAL (
        SELECT p.gateway FROM payments.payments p
        WHERE r.paid_at IS NOT NULL AND p.order_ref = r.number AND p.status = 'succeeded'
          AND NOT EXISTS (SELECT 1 FROM payments.refunds f
                          WHERE f.payment_id = p.id AND f.reason = 'paid_twice')
        ORDER BY p.attempt LIMIT 1
    ) AS pay ON true
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
    (o.paid_at, 'pay_' || o.method || '_orders', 1::bigint),
    (o.paid_at, 'pay_' || o.method || '_fen', o.total_fen::bigint),
    (o.paid_at, 'seen:' || o.member_id, 1::bigint),
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
-- placed by its touchpoint (region, store, guide), and 'seen:<member>' when a member
-- scanned (active.py keeps those per member and day). Written over a set for the
-- rebuild; row_figures applies it to one row.
CREATE OR REPLACE FUNCTION insights.scan_figures(rs touchpoints.scans[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (r.scanned_at AT TIME ZONE coalesce(s.timezone, 'Asia/Shanghai'))::date, t.region_id,
       coalesce(t.store_id, 0), ''::text, t.id, coalesce(t.guide_id, 0), f.figure, 1::bigint
FROM unnest(rs) AS r
JOIN touchpoints.touchpoints t ON t.id = r.touchpoint_id
LEFT JOIN stores.stores s ON s.id = t.store_id
CROSS JOIN LATERAL (VALUES ('scans'::text), ('seen:' || r.member_id)) AS f(figure)
WHERE f.figure IS NOT NULL
$$;
"""
CHECK_IN_FIGURES = """-- What a set of store check-ins adds to the insights rollups: one 'check_ins' on the
-- store's local day, with the touchpoint it came through (0: none), and 'seen:<member>'
-- (active.py keeps those per member and day). Written over a set for the rebuild;
-- row_figures applies it to one row.
CREATE OR REPLACE FUNCTION insights.check_in_figures(rs stores.check_ins[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (r.checked_in_at AT TIME ZONE s.timezone)::date, s.region_id, s.id, ''::text,
       coalesce(r.touchpoint_id, 0), 0, f.figure, 1::bigint
FROM unnest(rs) AS r
JOIN stores.stores s ON s.id = r.store_id
CROSS JOIN LATERAL (VALUES ('check_ins'::text), ('seen:' || r.member_id)) AS f(figure)
WHERE f.figure IS NOT NULL
$$;
"""
MEMBER_FIGURES = """-- What a set of members adds to the insights rollups: one 'new_members' on the day they
-- joined, placed at their home store: the store of their first visit (the earliest day
-- with a paid order, check-in or scan at a store; on a tie the lowest store id), read from
-- insights.members_seen (active.py), which holds exactly those visits per member and day.
-- Why the first visit and not the store nearest their home: a home location needs the
-- member's consent (most have none), and the nearest store changes whenever a store opens,
-- which would move members joined long ago; a first visit is history and stays, and it is
-- the store that enrolled them, the one retail credits. A member with no visit yet is in
-- region 0 (HQ sees them) until the visit: the consumer reconciles a member again when
-- their visits change (reconcile.py), so members need no trigger for it.
CREATE OR REPLACE FUNCTION insights.member_figures(rs members.members[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (r.joined_at AT TIME ZONE coalesce(s.timezone, 'Asia/Shanghai'))::date,
       coalesce(h.region_id, 0), coalesce(h.store_id, 0), ''::text, 0, 0,
       'new_members'::text, 1::bigint
FROM unnest(rs) AS r
LEFT JOIN LATERAL (
    SELECT m.region_id, m.store_id FROM insights.members_seen m
    WHERE m.member_id = r.id AND m.store_id > 0
    ORDER BY m.day, m.store_id LIMIT 1
) AS h ON true
LEFT JOIN stores.stores s ON s.id = h.store_id
WHERE r.joined_at IS NOT NULL
$$;
"""
ROW_FIGURES = """-- What one source row adds to the insights rollups, as (day, dimensions, figure, value).
-- The one entry for every figure kept from a table: the change triggers publish
-- row_figures(NEW) minus row_figures(OLD), and `o2o insights rebuild` sums the same rules
-- over every row, so the two agree by construction (tests/integration/test_insights_rollups.py).
-- Orders, scans, check-ins and members have their rule in a function over a set of rows
-- (order_figures, scan_figures, check_in_figures, member_figures), which the rebuild calls
-- on whole id ranges; the smaller sources keep theirs here.
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
SELECT * FROM insights.member_figures(ARRAY[jsonb_populate_record(NULL::members.members, r)])
WHERE source = 'members.members'
$$;
"""

GRAINS = (
    "figures_full",
    "figures_store",
    "figures_channel",
    "figures_region",
    "figures_full_month",
    "figures_store_month",
    "figures_channel_month",
    "figures_region_month",
)
#: The figures this revision adds (frozen: later figures arrive with their own revision).
FIGURES = tuple(
    f"pay_{method}_{what}"
    for method in ("wechatpay", "card", "counter", "other")
    for what in ("orders", "fen")
)
_BEFORE = Path(__file__).with_name("20261129_insights_set_figures_b2e6d1f4a8c7.py")


def upgrade() -> None:
    for table in GRAINS:
        for figure in FIGURES:
            op.add_column(
                table,
                sa.Column(figure, sa.BigInteger(), nullable=False, server_default="0"),
                schema="insights",
            )
    op.create_table(
        "members_seen",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("member_id", "region_id", "store_id", "day"),
        schema="insights",
    )
    # A manager of several regions asks for distinct members across them (active.py).
    op.create_index(
        "ix_members_seen_region_day",
        "members_seen",
        ["region_id", "day"],
        schema="insights",
        postgresql_where=sa.text("store_id = -1 AND region_id >= 0"),
    )
    op.create_table(
        "active_members",
        sa.Column("grain", sa.String(length=8), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("members", sa.BigInteger(), nullable=False),
        sa.Column("member_days", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("grain", "region_id", "store_id", "day"),
        schema="insights",
    )
    # A ranking of every store or region reads one period's rows across levels.
    op.create_index(
        "ix_active_members_grain_day", "active_members", ["grain", "day"], schema="insights"
    )
    op.execute(ORDER_FIGURES)
    op.execute(SCAN_FIGURES)
    op.execute(CHECK_IN_FIGURES)
    op.execute(MEMBER_FIGURES)
    op.execute(ROW_FIGURES)


def downgrade() -> None:
    for name in ("ORDER_FIGURES", "SCAN_FIGURES", "CHECK_IN_FIGURES", "ROW_FIGURES"):
        op.execute(sql_source.frozen(_BEFORE, name))
    op.execute("DROP FUNCTION insights.member_figures(members.members[])")
    op.drop_index("ix_active_members_grain_day", table_name="active_members", schema="insights")
    op.drop_table("active_members", schema="insights")
    op.drop_index("ix_members_seen_region_day", table_name="members_seen", schema="insights")
    op.drop_table("members_seen", schema="insights")
    for table in GRAINS:
        for figure in FIGURES:
            op.drop_column(table, figure, schema="insights")
