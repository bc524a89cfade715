-- Statement triggers on touchpoints.scans: the scans a statement inserted or updated (an
-- attribution, an erasure), as they now stand (touchpoints.public_scans), as ONE
-- 'touchpoints.scans_recorded' outbox message (services/touchpoints/events.py) in the
-- writer's transaction; deleted scans travel as `removed` ids. A bulk load (and the
-- retention sweep) sets o2o.bulk_load = 'on' for its transaction: nothing is published.
CREATE OR REPLACE FUNCTION touchpoints.publish_scans()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    scans jsonb;
    removed bigint[] := '{}';
BEGIN
    IF current_setting('o2o.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        removed := ARRAY(SELECT o.id FROM old_rows o ORDER BY o.id);
    ELSE
        SELECT jsonb_agg(to_jsonb(p) ORDER BY p.id) INTO scans
        FROM touchpoints.public_scans p WHERE p.id IN (SELECT n.id FROM new_rows n);
    END IF;
    IF scans IS NOT NULL OR cardinality(removed) > 0 THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('touchpoints.scans_recorded',
                jsonb_build_object('v', 1, 'scans', coalesce(scans, '[]'::jsonb),
                                   'removed', to_jsonb(removed)),
                now(), 0);
    END IF;
    RETURN NULL;
END
$$;
