-- One person is in one place at a time: the member's live appointment (any guide, any
-- store) over any of [p_starts_at, p_ends_at), other than p_ignore (the one being moved),
-- or NULL. The one form of the rule: stores.book_appointment asks it when booking and
-- stores/appointments/shopper_caps.py when moving; both under the member's booking lock.
CREATE OR REPLACE FUNCTION stores.member_overlap(
    p_member_id bigint, p_starts_at timestamptz, p_ends_at timestamptz, p_live text[],
    p_ignore bigint DEFAULT NULL
) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT a.id FROM stores.appointments a
    WHERE a.member_id = p_member_id AND a.status = ANY(p_live)
      AND a.starts_at < p_ends_at AND a.ends_at > p_starts_at
      AND a.id IS DISTINCT FROM p_ignore
    LIMIT 1
$$;
