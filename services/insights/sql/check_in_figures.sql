-- What a set of store check-ins adds to the insights rollups: one 'check_ins' on the
-- store's local day, with the touchpoint it came through (0: none), and 'seen:<member>'
-- (active.py keeps those per member and day). The rows are insights' copy
-- (insights.check_ins, kept from stores.check_ins_recorded). Written over a set for the
-- rebuild; row_figures applies it to one row.
CREATE OR REPLACE FUNCTION insights.check_in_figures(rs insights.check_ins[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (r.checked_in_at AT TIME ZONE s.timezone)::date, s.region_id, s.id, ''::text,
       coalesce(r.touchpoint_id, 0), 0, f.figure, 1::bigint
FROM unnest(rs) AS r
JOIN insights.stores s ON s.id = r.store_id
CROSS JOIN LATERAL (VALUES ('check_ins'::text), ('seen:' || r.member_id)) AS f(figure)
WHERE f.figure IS NOT NULL
$$;
