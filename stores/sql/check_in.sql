-- The check-in rule: a member's entrance scan opens a visit; repeats inside the window
-- join it. One statement upserts the (member, store) row of stores.store_visits only when
-- the last visit began at or before p_since and inserts the check-in from what it
-- returned; a concurrent scan waits on that row's lock, then finds the visit just opened
-- (ON CONFLICT re-checks its WHERE against the newest row version) and inserts nothing.
-- Then a second statement (its own snapshot, so it sees the winner's committed row) reads
-- the open check-in. The same first statement marks the member's booked appointment at
-- this store starting within p_arrival of p_at as checked in. Returns the check-in,
-- whether it was created, and the store's name and time zone (the day's visit points
-- are counted in the store's local day). Called by stores/checkins.py (sync and async)
-- and by touchpoints.record_scan (the scan hot path: one round trip).
CREATE OR REPLACE FUNCTION stores.check_in(
    p_store_id integer, p_member_id bigint, p_at timestamptz, p_since timestamptz,
    p_arrival interval, p_touchpoint_id integer, p_scan_id bigint
) RETURNS TABLE (
    id bigint, store_id integer, member_id bigint, touchpoint_id integer, scan_id bigint,
    checked_in_at timestamptz, created boolean, store_name varchar, store_timezone varchar
) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    WITH arrived AS (
        UPDATE stores.appointments AS a
        SET status = 'checked_in', checked_in_at = p_at, updated_at = now()
        WHERE a.member_id = p_member_id AND a.store_id = p_store_id AND a.status = 'booked'
          AND a.starts_at BETWEEN p_at - p_arrival AND p_at + p_arrival
    ), visit AS (
        INSERT INTO stores.store_visits AS v (member_id, store_id, started_at)
        VALUES (p_member_id, p_store_id, p_at)
        ON CONFLICT ON CONSTRAINT pk_store_visits DO UPDATE SET started_at = EXCLUDED.started_at
        WHERE v.started_at <= p_since
        RETURNING v.member_id, v.store_id, v.started_at
    ), opened AS (
        INSERT INTO stores.check_ins AS c
            (store_id, member_id, touchpoint_id, scan_id, checked_in_at)
        SELECT visit.store_id, visit.member_id, p_touchpoint_id, p_scan_id, visit.started_at
        FROM visit
        RETURNING c.id, c.store_id, c.member_id, c.touchpoint_id, c.scan_id, c.checked_in_at
    )
    SELECT o.id, o.store_id, o.member_id, o.touchpoint_id, o.scan_id, o.checked_in_at, true,
           s.name, s.timezone
    FROM opened o JOIN stores.stores s ON s.id = o.store_id;
    IF FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT c.id, c.store_id, c.member_id, c.touchpoint_id, c.scan_id, c.checked_in_at, false,
           s.name, s.timezone
    FROM stores.check_ins c JOIN stores.stores s ON s.id = c.store_id
    WHERE c.member_id = p_member_id AND c.store_id = p_store_id AND c.checked_in_at > p_since
    ORDER BY c.checked_in_at DESC
    LIMIT 1;
END
$$;
