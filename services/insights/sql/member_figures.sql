-- What a set of members adds to the insights rollups: one 'new_members' on the day they
-- joined, placed at their home store: the store of their first visit (the earliest day
-- with a paid order, check-in or scan at a store; on a tie the lowest store id), read from
-- insights.members_seen (active.py), which holds exactly those visits per member and day.
-- Why the first visit and not the store nearest their home: a home location needs the
-- member's consent (most have none), and the nearest store changes whenever a store opens,
-- which would move members joined long ago; a first visit is history and stays, and it is
-- the store that enrolled them, the one retail credits. A member with no visit yet is in
-- region 0 (HQ sees them) until the visit: the consumer reconciles a member again when
-- their visits change (reconcile.py), so members need no trigger for it.
CREATE OR REPLACE FUNCTION insights.member_figures(rs insights.members[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (r.joined_at AT TIME ZONE coalesce(h.timezone, 'Asia/Shanghai'))::date,
       coalesce(h.region_id, 0), coalesce(h.store_id, 0), ''::text, 0, 0,
       'new_members'::text, 1::bigint
FROM unnest(rs) AS r
LEFT JOIN LATERAL (
    -- The store's clock looked up for the one home store (a join here is planned per
    -- member, as a hash of every store, while members_seen is being filled by the rebuild).
    SELECT m.region_id, m.store_id,
           (SELECT s.timezone FROM insights.stores s WHERE s.id = m.store_id) AS timezone
    FROM insights.members_seen m
    WHERE m.member_id = r.id AND m.store_id > 0
    ORDER BY m.day, m.store_id LIMIT 1
) AS h ON true
WHERE r.joined_at IS NOT NULL
$$;
