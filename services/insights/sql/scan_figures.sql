-- What a set of scans adds to the insights rollups: one 'scans' on the scan's local day,
-- placed by its touchpoint (region, store, guide, as touchpoints.scans_recorded carried them
-- into insights.scans), and 'seen:<member>' when a member
-- scanned (active.py keeps those per member and day). Written over a set for the
-- rebuild; row_figures applies it to one row.
CREATE OR REPLACE FUNCTION insights.scan_figures(rs insights.scans[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (r.scanned_at AT TIME ZONE coalesce(s.timezone, 'Asia/Shanghai'))::date, r.region_id,
       coalesce(r.store_id, 0), ''::text, r.touchpoint_id, coalesce(r.guide_id, 0), f.figure,
       1::bigint
FROM unnest(rs) AS r
LEFT JOIN insights.stores s ON s.id = r.store_id
CROSS JOIN LATERAL (VALUES ('scans'::text), ('seen:' || r.member_id)) AS f(figure)
WHERE f.figure IS NOT NULL
$$;
