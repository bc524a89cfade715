-- What one source row adds to the insights rollups, as (day, dimensions, figure, value).
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
