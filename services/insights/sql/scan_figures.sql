-- What a set of scans adds to the insights rollups: one 'scans' on the scan's local day,
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
