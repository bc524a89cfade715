-- Statement triggers on payments.payments and payments.refunds: the succeeded payments a
-- statement settled or changed (a refund on one changes it: its refunded amount, or
-- `paid_twice`), as they now stand (payments.public_settled_payments), as ONE
-- 'payments.settled' outbox message (services/payments/events.py) in the writer's
-- transaction; deleted payments travel as `removed` ids. A payment not (yet) succeeded
-- publishes nothing: the placement's payment attempt costs the flash sale no message.
-- Nothing is published under o2o.bulk_load = 'on' (a bulk load).
CREATE OR REPLACE FUNCTION payments.publish_settled()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    settled jsonb;
    ids bigint[] := '{}';
    removed bigint[] := '{}';
BEGIN
    IF current_setting('o2o.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'refunds' THEN
        -- Each branch names only the transition tables its trigger has.
        IF TG_OP <> 'DELETE' THEN
            ids := ARRAY(SELECT n.payment_id FROM new_rows n);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT o.payment_id FROM old_rows o);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT n.id FROM new_rows n WHERE n.status = 'succeeded');
    ELSIF TG_OP = 'UPDATE' THEN
        ids := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE n.status = 'succeeded'
                       AND (o.status, o.order_ref, o.attempt, o.gateway, o.amount_fen,
                            o.refunded_fen)
                           IS DISTINCT FROM
                           (n.status, n.order_ref, n.attempt, n.gateway, n.amount_fen,
                            n.refunded_fen));
    ELSE
        removed := ARRAY(SELECT o.id FROM old_rows o ORDER BY o.id);
    END IF;
    IF cardinality(ids) > 0 THEN
        SELECT jsonb_agg(to_jsonb(p) ORDER BY p.id) INTO settled
        FROM payments.public_settled_payments p WHERE p.id = ANY (ids);
    END IF;
    IF settled IS NOT NULL OR cardinality(removed) > 0 THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('payments.settled',
                jsonb_build_object('v', 1, 'payments', coalesce(settled, '[]'::jsonb),
                                   'removed', to_jsonb(removed)),
                now(), 0);
    END IF;
    RETURN NULL;
END
$$;
