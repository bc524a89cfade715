-- The whole scan in one round trip (the busiest write of the mini-program): resolve the
-- code (by touchpoint id from a verified token, or by scene) and write the scan only if
-- the touchpoint is active and, for a token, still at the token's version; the action per
-- kind is decided here, once. A member's store-entrance scan is also a check-in
-- (stores.check_in) and, when it opens a visit and p_checkin_points > 0, the day's visit
-- points (members.apply_points, source 'check-in' and the store's local date, once a day
-- whichever store). No row: no such touchpoint; scan_id NULL: inactive or withdrawn, and
-- nothing was written. Called by services/touchpoints/recording.py.
CREATE OR REPLACE FUNCTION touchpoints.record_scan(
    p_touchpoint_id integer, p_scene varchar, p_version integer, p_member_id bigint,
    p_device_id varchar, p_via varchar, p_at timestamptz, p_checkin_since timestamptz,
    p_arrival interval, p_checkin_points integer
) RETURNS TABLE (
    id integer, kind varchar, name varchar, store_id integer, guide_id integer,
    product_id integer, campaign_code varchar, landing_path varchar, active boolean,
    scan_id bigint, action varchar, check_in_id bigint, check_in_touchpoint_id integer,
    check_in_scan_id bigint, checked_in_at timestamptz,
    check_in_created boolean, store_name varchar, points_awarded integer
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    found_row record;
    visit record;
BEGIN
    -- Two statements, not one with OR: each keeps its own index (primary key, scene).
    IF p_touchpoint_id IS NOT NULL THEN
        SELECT t.id, t.kind, t.name, t.store_id, t.guide_id, t.product_id, t.campaign_code,
               t.landing_path, t.active, t.token_version
        INTO found_row FROM touchpoints.touchpoints t WHERE t.id = p_touchpoint_id;
    ELSE
        SELECT t.id, t.kind, t.name, t.store_id, t.guide_id, t.product_id, t.campaign_code,
               t.landing_path, t.active, t.token_version
        INTO found_row FROM touchpoints.touchpoints t WHERE t.scene = p_scene;
    END IF;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    id := found_row.id; kind := found_row.kind; name := found_row.name;
    store_id := found_row.store_id; guide_id := found_row.guide_id;
    product_id := found_row.product_id; campaign_code := found_row.campaign_code;
    landing_path := found_row.landing_path; active := found_row.active;
    points_awarded := 0;
    IF NOT found_row.active
       OR found_row.token_version <> coalesce(p_version, found_row.token_version) THEN
        RETURN NEXT;  -- scan_id NULL: refused, nothing written
        RETURN;
    END IF;
    action := CASE found_row.kind
        WHEN 'store_entrance' THEN
            CASE WHEN p_member_id IS NULL THEN 'login_to_check_in' ELSE 'check_in' END
        WHEN 'shelf' THEN 'product'
        WHEN 'guide_card' THEN 'guide'
        ELSE 'campaign'
    END;
    INSERT INTO touchpoints.scans AS s
        (touchpoint_id, member_id, device_id, via, action, scanned_at)
    VALUES (found_row.id, p_member_id, p_device_id, p_via, action, p_at)
    RETURNING s.id INTO scan_id;
    IF action = 'check_in' THEN
        SELECT * INTO visit FROM stores.check_in(
            p_store_id => found_row.store_id, p_member_id => p_member_id, p_at => p_at,
            p_since => p_checkin_since, p_arrival => p_arrival,
            p_touchpoint_id => found_row.id, p_scan_id => scan_id);
        check_in_id := visit.id; check_in_touchpoint_id := visit.touchpoint_id;
        check_in_scan_id := visit.scan_id; checked_in_at := visit.checked_in_at;
        check_in_created := visit.created; store_name := visit.store_name;
        IF visit.created AND p_checkin_points > 0 THEN
            SELECT e.delta INTO points_awarded FROM members.apply_points(
                p_member_id => p_member_id, p_delta => p_checkin_points,
                p_source => concat_ws('', 'check-in', chr(58),
                                      to_char(p_at AT TIME ZONE visit.store_timezone,
                                              'YYYY-MM-DD')),
                p_reason => left(concat_ws(' ', 'visit to', visit.store_name), 200),
                p_at => p_at) AS e;
            points_awarded := coalesce(points_awarded, 0);
        END IF;
    END IF;
    RETURN NEXT;
END
$$;
