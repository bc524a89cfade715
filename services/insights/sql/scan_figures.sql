-- What a set of scans adds to the insights rollups: one 'scans' on the scan's local day,
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
