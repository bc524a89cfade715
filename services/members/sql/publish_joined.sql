-- Statement triggers on members.members: the members a statement inserted, or whose
-- join date it corrected, as ONE 'members.joined' outbox message (services/members/
-- events.py) in the writer's transaction; deleted members travel as `removed` ids.
-- Points and profile edits publish nothing (points move on every order). Nothing is
-- published under o2o.bulk_load = 'on' (a bulk load).
CREATE OR REPLACE FUNCTION members.publish_joined()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    joined jsonb;
    removed bigint[] := '{}';
BEGIN
    IF current_setting('o2o.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT jsonb_agg(to_jsonb(p) ORDER BY p.id) INTO joined
        FROM members.public_members p WHERE p.id IN (SELECT n.id FROM new_rows n);
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT jsonb_agg(to_jsonb(p) ORDER BY p.id) INTO joined
        FROM members.public_members p
        WHERE p.id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                       WHERE n.joined_at IS DISTINCT FROM o.joined_at);
    ELSE
        removed := ARRAY(SELECT o.id FROM old_rows o ORDER BY o.id);
    END IF;
    IF joined IS NOT NULL OR cardinality(removed) > 0 THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('members.joined',
                jsonb_build_object('v', 1, 'members', coalesce(joined, '[]'::jsonb),
                                   'removed', to_jsonb(removed)),
                now(), 0);
    END IF;
    RETURN NULL;
END
$$;
