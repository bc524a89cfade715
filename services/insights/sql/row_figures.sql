-- What one source row adds to the insights rollups, as (day, dimensions, figure, value).
-- The one entry for every figure kept from a source: the rows are insights' own copies of
-- the owners' rows (insights.orders, scans, check_ins, appointments, members: kept from
-- their events, services/insights/copies.py); the consumer adds a row's row_figures minus
-- what it counted for it, and `o2o insights rebuild` sums the same rules over every row, so
-- the two agree by construction (tests/integration/test_insights_rollups.py).
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
WITH st AS (  -- an appointment, placed by its store
    SELECT s.id AS sid, s.region_id AS rid, s.timezone AS tz
    FROM insights.stores s
    WHERE source = 'insights.appointments' AND s.id = (r->>'store_id')::int
)
SELECT * FROM insights.order_figures(ARRAY[jsonb_populate_record(NULL::insights.orders, r)])
WHERE source = 'insights.orders'
UNION ALL
SELECT * FROM insights.scan_figures(ARRAY[jsonb_populate_record(NULL::insights.scans, r)])
WHERE source = 'insights.scans'
UNION ALL
SELECT * FROM insights.check_in_figures(ARRAY[jsonb_populate_record(NULL::insights.check_ins, r)])
WHERE source = 'insights.check_ins'
UNION ALL
SELECT ((r->>'starts_at')::timestamptz AT TIME ZONE st.tz)::date, st.rid, st.sid, '', 0,
       (r->>'guide_id')::int, f.figure, 1
FROM st CROSS JOIN LATERAL (VALUES
    ('appointments', r->>'status' <> 'cancelled'),
    ('no_shows', r->>'status' = 'no_show'),
    ('appointment_purchases', r->>'status' <> 'cancelled' AND r->>'order_number' IS NOT NULL)
) AS f(figure, counted)
WHERE source = 'insights.appointments' AND f.counted
UNION ALL
SELECT * FROM insights.member_figures(ARRAY[jsonb_populate_record(NULL::insights.members, r)])
WHERE source = 'insights.members'
$$;
