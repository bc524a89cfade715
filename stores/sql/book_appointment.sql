-- A booking's whole write in one statement (stores/appointments/new_booking.py calls it),
-- so a guide's row is locked for this statement and the caller's commit only: the
-- idempotency claim (a duplicate returns the stored answer and writes nothing), the
-- member's booking lock and caps, one live appointment per member, the guide, the insert,
-- the shopper's notice (p_notice: the outbox payload the caller built, '{id}' in its dedupe
-- key) and, with p_answer (the 201 body the caller built, but for the appointment's id,
-- guide and guide's name), the idempotent answer. Sent outside any transaction, it
-- commits in the same round trip; a caller that holds try-on items next (in its own
-- transaction) leaves p_answer out and records the answer itself.
--
-- The slots rule stays in Python (stores/appointments/slots.py, the one rule). The caller
-- asks it on an unlocked read of the calendars (stores/appointments/calendars.py), which
-- also gives each guide's counter of what the rule reads besides appointments (week,
-- leave: stores/sql/calendar_changed.sql), and passes the free guides in the engine's
-- order (p_guides) with those counters (p_versions) and the store's (p_store_version).
-- Here each candidate's row is locked and stores.guide_still_free asked: with the
-- guide's week and leave unchanged, the engine's yes still holds unless a live
-- appointment of the guide now overlaps this one's blocked time, the only way
-- appointments enter the rule (slots.py, `clash`). A taken candidate's lock is given back
-- (its own subtransaction) and the next tried; when none is booked and some candidate's
-- week or leave had changed, the whole attempt is undone and 'stale' returned: the caller
-- reads afresh and calls again.
--
-- "Any guide": a candidate another booking holds is skipped (SKIP LOCKED) and waited for
-- only when no other free guide is left; a booking holds one guide's lock at most while it
-- waits, so it cannot deadlock with one locking several guides in id order.
--
-- Refusals raise (nothing stays) with the code as the message: 'too_many_appointments'
-- (DETAIL the cap), 'booking_limit' (DETAIL the cap), 'appointment_overlaps' (DETAIL the
-- appointment), then p_refusal if given (the caller's 'guide_not_found'), else
-- 'slot_unavailable' when no candidate is left. Called with named arguments.
CREATE OR REPLACE FUNCTION stores.book_appointment(
    p_member_id bigint, p_member_lock integer, p_store_id integer, p_service_id integer,
    p_starts_at timestamptz, p_ends_at timestamptz, p_blocked_from timestamptz,
    p_blocked_until timestamptz, p_guides integer[], p_versions bigint[],
    p_store_version bigint, p_any_guide boolean, p_source text, p_note text,
    p_now timestamptz, p_max_open integer, p_max_per_day integer, p_live text[],
    p_refusal text DEFAULT NULL, p_scope text DEFAULT NULL, p_key text DEFAULT NULL,
    p_request_hash text DEFAULT NULL, p_notice_topic text DEFAULT NULL,
    p_notice jsonb DEFAULT NULL, p_answer jsonb DEFAULT NULL
) RETURNS TABLE (
    claimed boolean, replay_hash text, replay_status integer, replay_response jsonb,
    stale boolean, appointment_id bigint, chosen_guide integer, guide_name text
) LANGUAGE plpgsql AS $$
DECLARE
    v_claim record;
    v_count integer;
    v_clash bigint;
    v_busy integer[] := '{}';
    v_guide integer;
    v_changed boolean := false;
    v_id bigint;
    v_name text;
    v_verdict text;
    i integer;
BEGIN
    BEGIN  -- one subtransaction: 'stale' undoes the claim and gives every lock back
        IF p_scope IS NOT NULL THEN
            SELECT * INTO v_claim FROM platform.claim_answered(
                p_scope => p_scope, p_key => p_key, p_request_hash => p_request_hash,
                p_status_code => NULL, p_response => NULL);
            IF NOT v_claim.claimed THEN
                RETURN QUERY SELECT false, v_claim.request_hash, v_claim.status_code,
                    v_claim.response, false, NULL::bigint, NULL::integer, NULL::text;
                RETURN;
            END IF;
        END IF;
        -- A shopper's bookings queue here, so each counts after the previous committed.
        PERFORM pg_advisory_xact_lock(p_member_lock, (p_member_id % 2147483647)::int);
        -- Upcoming = live and not yet started (booking.upcoming, the shopper's list).
        SELECT count(*) INTO v_count FROM stores.appointments a
        WHERE a.member_id = p_member_id AND a.status = ANY(p_live) AND a.starts_at > p_now;
        IF v_count >= p_max_open THEN
            RAISE EXCEPTION 'too_many_appointments' USING DETAIL = p_max_open;
        END IF;
        SELECT count(*) INTO v_count FROM stores.appointments a
        WHERE a.member_id = p_member_id AND a.created_at > p_now - interval '1 day';
        IF v_count >= p_max_per_day THEN
            RAISE EXCEPTION 'booking_limit' USING DETAIL = p_max_per_day;
        END IF;
        v_clash := stores.member_overlap(
            p_member_id => p_member_id, p_starts_at => p_starts_at, p_ends_at => p_ends_at,
            p_live => p_live);
        IF v_clash IS NOT NULL THEN
            RAISE EXCEPTION 'appointment_overlaps' USING DETAIL = v_clash;
        END IF;
        IF p_refusal IS NOT NULL THEN
            RAISE EXCEPTION '%', p_refusal;
        END IF;
        IF (SELECT coalesce(sum(c.version), 0) FROM stores.calendar_versions c
            WHERE c.store_id = p_store_id AND c.guide_id = 0) <> p_store_version THEN
            RAISE EXCEPTION 'stale' USING ERRCODE = 'O2B01';
        END IF;
        -- First pass: free candidates in the engine's order, skipping any being booked.
        FOR i IN 1 .. coalesce(array_length(p_guides, 1), 0) LOOP
            BEGIN
                PERFORM 1 FROM stores.guides g WHERE g.id = p_guides[i] AND g.active
                    FOR UPDATE SKIP LOCKED;
                IF NOT FOUND THEN
                    v_busy := v_busy || i;
                    CONTINUE;
                END IF;
                v_verdict := stores.guide_still_free(
                    p_guide_id => p_guides[i], p_version => p_versions[i],
                    p_blocked_from => p_blocked_from, p_blocked_until => p_blocked_until,
                    p_live => p_live);
                IF v_verdict = 'free' THEN
                    v_guide := p_guides[i];
                    EXIT;
                END IF;
                v_changed := v_changed OR v_verdict = 'changed';
                RAISE EXCEPTION 'not this guide' USING ERRCODE = 'O2B02';
            EXCEPTION WHEN SQLSTATE 'O2B02' THEN
                NULL;  -- its locks are given back (variables are not): try the next
            END;
        END LOOP;
        -- Every free candidate left was being booked: wait for each in turn.
        IF v_guide IS NULL THEN
            FOREACH i IN ARRAY v_busy LOOP
                BEGIN
                    PERFORM 1 FROM stores.guides g WHERE g.id = p_guides[i] AND g.active
                        FOR UPDATE;
                    IF FOUND THEN
                        v_verdict := stores.guide_still_free(
                            p_guide_id => p_guides[i], p_version => p_versions[i],
                            p_blocked_from => p_blocked_from,
                            p_blocked_until => p_blocked_until, p_live => p_live);
                        IF v_verdict = 'free' THEN
                            v_guide := p_guides[i];
                            EXIT;
                        END IF;
                        v_changed := v_changed OR v_verdict = 'changed';
                    END IF;
                    RAISE EXCEPTION 'not this guide' USING ERRCODE = 'O2B02';
                EXCEPTION WHEN SQLSTATE 'O2B02' THEN
                    NULL;
                END;
            END LOOP;
        END IF;
        IF v_guide IS NULL AND v_changed THEN
            RAISE EXCEPTION 'stale' USING ERRCODE = 'O2B01';
        END IF;
        IF v_guide IS NULL THEN
            RAISE EXCEPTION 'slot_unavailable';
        END IF;
        INSERT INTO stores.appointments AS a (
            store_id, guide_id, service_id, member_id, status, starts_at, ends_at,
            blocked_from, blocked_until, source, any_guide, note, try_on, reschedules,
            created_at, updated_at)
        VALUES (p_store_id, v_guide, p_service_id, p_member_id, 'booked', p_starts_at,
            p_ends_at, p_blocked_from, p_blocked_until, p_source, p_any_guide, p_note,
            '[]'::jsonb, 0, p_now, p_now)
        RETURNING a.id INTO v_id;
        SELECT g.name INTO v_name FROM stores.guides g WHERE g.id = v_guide;
        IF p_notice IS NOT NULL THEN  -- its dedupe key names the appointment: '{id}'
            INSERT INTO platform.outbox (topic, payload, created_at, attempts)
            VALUES (p_notice_topic, jsonb_set(p_notice, '{dedupe_key}',
                to_jsonb(replace(p_notice ->> 'dedupe_key', '{id}', v_id::text))), now(), 0);
        END IF;
        IF p_answer IS NOT NULL THEN  -- the 201 answer, all but what was decided here
            UPDATE platform.idempotency_keys k SET status_code = 201,
                response = p_answer || jsonb_build_object(
                    'id', v_id, 'guide_id', v_guide, 'guide_name', v_name)
            WHERE k.scope = p_scope AND k.key = p_key;
        END IF;
        RETURN QUERY SELECT true, NULL::text, NULL::integer, NULL::jsonb, false, v_id,
            v_guide, v_name;
    EXCEPTION WHEN SQLSTATE 'O2B01' THEN
        RETURN QUERY SELECT true, NULL::text, NULL::integer, NULL::jsonb, true,
            NULL::bigint, NULL::integer, NULL::text;
    END;
END
$$;
