-- Whether a guide the slots engine gave a start on an unlocked read still has it, asked
-- by stores.book_appointment with the guide's row locked: 'changed' when the guide's week
-- or leave moved since the read (p_version, the (0, guide) counter then: read again),
-- 'taken' when a live appointment of the guide now overlaps [p_blocked_from,
-- p_blocked_until) (the engine's `clash`: the only way appointments enter the rule),
-- else 'free'. Each counter row is locked first, so a writer of that calendar still in
-- flight (a manager's hours, a cancel, a move) is waited for and its change seen. The
-- overlap's index scan is bounded as the calendar read's is (a booking blocks at most
-- 16 h: stores/appointments/calendars.py).
CREATE OR REPLACE FUNCTION stores.guide_still_free(
    p_guide_id integer, p_version bigint, p_blocked_from timestamptz,
    p_blocked_until timestamptz, p_live text[]
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_version bigint;
BEGIN
    SELECT c.version INTO v_version FROM stores.calendar_versions c
    WHERE c.store_id = 0 AND c.guide_id = p_guide_id FOR UPDATE;
    IF coalesce(v_version, 0) <> p_version THEN
        RETURN 'changed';
    END IF;
    PERFORM 1 FROM stores.calendar_versions c
    WHERE c.store_id = -1 AND c.guide_id = p_guide_id FOR UPDATE;
    IF EXISTS (
        SELECT 1 FROM stores.appointments a
        WHERE a.guide_id = p_guide_id AND a.status = ANY(p_live)
          AND a.blocked_from < p_blocked_until AND a.blocked_until > p_blocked_from
          AND a.blocked_from > p_blocked_from - interval '1 day'
    ) THEN
        RETURN 'taken';
    END IF;
    RETURN 'free';
END
$$;
