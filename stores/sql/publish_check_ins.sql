-- Statement triggers on stores.check_ins: the check-ins a statement inserted or updated,
-- as they now stand (stores.public_check_ins), as ONE 'stores.check_ins_recorded' outbox
-- message (stores/events.py) in the writer's transaction; deleted ones travel as
-- `removed` ids. Nothing is published under o2o.bulk_load = 'on' (a bulk load).
CREATE OR REPLACE FUNCTION stores.publish_check_ins()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    check_ins jsonb;
    removed bigint[] := '{}';
BEGIN
    IF current_setting('o2o.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        removed := ARRAY(SELECT o.id FROM old_rows o ORDER BY o.id);
    ELSE
        SELECT jsonb_agg(to_jsonb(p) ORDER BY p.id) INTO check_ins
        FROM stores.public_check_ins p WHERE p.id IN (SELECT n.id FROM new_rows n);
    END IF;
    IF check_ins IS NOT NULL OR cardinality(removed) > 0 THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('stores.check_ins_recorded',
                jsonb_build_object('v', 1, 'check_ins', coalesce(check_ins, '[]'::jsonb),
                                   'removed', to_jsonb(removed)),
                now(), 0);
    END IF;
    RETURN NULL;
END
$$;
