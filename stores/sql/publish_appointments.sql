-- Statement triggers on stores.appointments: the appointments a statement booked or
-- changed, as they now stand (stores.public_appointments) with what it did to each
-- (`facts`), as ONE 'stores.appointments_changed' outbox message (stores/events.py) in
-- the writer's transaction; deleted ones travel as `removed` ids. An update that changes
-- nothing a reader sees (a reminder stamp, a note) publishes nothing. Nothing is
-- published under o2o.bulk_load = 'on' (a bulk load).
CREATE OR REPLACE FUNCTION stores.publish_appointments()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb;
    removed bigint[] := '{}';
BEGIN
    IF current_setting('o2o.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT jsonb_agg(to_jsonb(p) || '{"facts": ["booked"]}'::jsonb ORDER BY p.id)
        INTO changed
        FROM stores.public_appointments p WHERE p.id IN (SELECT n.id FROM new_rows n);
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT jsonb_agg(to_jsonb(p) || jsonb_build_object('facts', f.facts) ORDER BY p.id)
        INTO changed
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        JOIN stores.public_appointments p ON p.id = n.id
        CROSS JOIN LATERAL (SELECT to_jsonb(array_remove(ARRAY[
            CASE WHEN n.starts_at <> o.starts_at THEN 'rescheduled' END,
            CASE WHEN n.status <> o.status AND n.status IN
                      ('checked_in', 'completed', 'no_show', 'cancelled') THEN n.status END
        ], NULL)) AS kinds) AS k
        CROSS JOIN LATERAL (SELECT CASE WHEN k.kinds <> '[]'::jsonb THEN k.kinds
                                        ELSE '["changed"]'::jsonb END AS facts) AS f
        WHERE k.kinds <> '[]'::jsonb
           OR (o.store_id, o.guide_id, o.service_id, o.member_id, o.status, o.starts_at,
               o.ends_at, o.source, o.checked_in_at, o.completed_at, o.order_number)
              IS DISTINCT FROM
              (n.store_id, n.guide_id, n.service_id, n.member_id, n.status, n.starts_at,
               n.ends_at, n.source, n.checked_in_at, n.completed_at, n.order_number);
    ELSE
        removed := ARRAY(SELECT o.id FROM old_rows o ORDER BY o.id);
    END IF;
    IF changed IS NOT NULL OR cardinality(removed) > 0 THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('stores.appointments_changed',
                jsonb_build_object('v', 1, 'appointments', coalesce(changed, '[]'::jsonb),
                                   'removed', to_jsonb(removed)),
                now(), 0);
    END IF;
    RETURN NULL;
END
$$;
