-- Which journey steps a set of source rows gives their members, for the funnel: one
-- 'step|<step>|<member>' figure (value 1) per step, on the local day and dimensions the row's
-- own figure has. Steps are read from the rows' figures (scan_figures, check_in_figures,
-- order_figures, each called on its row alone so the member is known), so a step is counted
-- on exactly the rows, days and places its figure is; which figure is which step is
-- journey_step's (the rebuild names steps by it from figures it has already computed).
-- Anonymous scans name no member and give no step. The funnel counts distinct members per
-- step (services/insights/journeys.py); these are its facts.
-- Called with one source's rows and empty arrays for the others.
CREATE OR REPLACE FUNCTION insights.journey_figures(
    p_orders insights.orders[], p_scans insights.scans[], p_check_ins insights.check_ins[]
)
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
WITH rows_figures AS (
    SELECT r.member_id, f.* FROM unnest(p_orders) AS r,
        LATERAL insights.order_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
    UNION ALL
    SELECT r.member_id, f.* FROM unnest(p_scans) AS r,
        LATERAL insights.scan_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
    UNION ALL
    SELECT r.member_id, f.* FROM unnest(p_check_ins) AS r,
        LATERAL insights.check_in_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
)
SELECT x.day, x.region_id, x.store_id, ''::text, x.touchpoint_id, x.guide_id,
       concat_ws('|', 'step', s.step, x.member_id::text), 1::bigint
FROM rows_figures AS x
CROSS JOIN LATERAL (SELECT insights.journey_step(x.figure) AS step) AS s
WHERE s.step IS NOT NULL
$$;
