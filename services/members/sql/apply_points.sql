-- The one points rule: lock the member's row, add the entry unless its source exists
-- or the balance would go negative, store the new balance. Returns the entry, or no row
-- when nothing was written (a repeat of the source, too few points, no such member).
-- A concurrent entry for the same member waits on the row lock, then sees the committed
-- balance (FOR UPDATE re-reads the newest row) and the committed source (ON CONFLICT
-- checks the index, not the snapshot). Python callers (services/members/points.py) and
-- orders.place_order (points spent at checkout) both call it, with named arguments.
CREATE OR REPLACE FUNCTION members.apply_points(
    p_member_id bigint, p_delta integer, p_source varchar, p_reason varchar,
    p_at timestamptz
) RETURNS SETOF members.points_entries LANGUAGE sql AS $$
    WITH locked AS (
        SELECT id, points FROM members.members WHERE id = p_member_id FOR UPDATE
    ), entry AS (
        INSERT INTO members.points_entries
            (member_id, delta, source, reason, balance_after, created_at)
        SELECT id, p_delta, p_source, p_reason, points + p_delta, p_at
        FROM locked WHERE points + p_delta >= 0
        ON CONFLICT (member_id, source) DO NOTHING
        RETURNING *
    ), balance AS (
        UPDATE members.members AS m SET points = entry.balance_after
        FROM entry WHERE m.id = entry.member_id
    )
    SELECT * FROM entry
$$;
