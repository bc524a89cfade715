-- Statement triggers on orders.orders and orders.order_lines: the orders a statement
-- changed, as they now stand (orders.public_orders) with what it did to each (`facts`),
-- as ONE 'orders.changed' outbox message (orders/events.py, OrdersChanged) in the
-- writer's transaction. Deleted orders travel as `removed` ids. An update that changes
-- nothing a reader sees (a pickup-code attempt, a reminder stamp) publishes nothing.
-- A line statement publishes its orders as they stand ('lines_changed'). A placement
-- (orders.place_order) writes the order, then its lines: it sets o2o.placing for those
-- two statements, so the order's insert publishes nothing and the lines' insert publishes
-- the order once, complete, as 'placed' (one outbox row per placement, not two).
-- A bulk load (demo seed, benchmarks) sets o2o.bulk_load = 'on' for its transaction and
-- has the readers rebuild from the public views after it.
CREATE OR REPLACE FUNCTION orders.publish_changes()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb;
    removed bigint[] := '{}';
    ids bigint[] := '{}';
    facts jsonb;
BEGIN
    IF current_setting('o2o.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'order_lines' THEN
        -- Each branch names only the transition tables its trigger has.
        IF TG_OP <> 'DELETE' THEN
            ids := ARRAY(SELECT DISTINCT n.order_id FROM new_rows n);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT o.order_id FROM old_rows o);
        END IF;
        facts := CASE WHEN current_setting('o2o.placing', true) = 'on'
                      THEN '{"facts": ["placed"]}'::jsonb
                      ELSE '{"facts": ["lines_changed"]}'::jsonb END;
        IF cardinality(ids) = 1 THEN
            -- One order (a placement): `= ANY (array)` is planned again on every call,
            -- costing a placement about 0.1 ms more than this cached plan.
            SELECT jsonb_build_array(to_jsonb(p) || facts) INTO changed
            FROM orders.public_orders p WHERE p.id = ids[1];
        ELSE
            SELECT jsonb_agg(to_jsonb(p) || facts ORDER BY p.id) INTO changed
            FROM orders.public_orders p WHERE p.id = ANY (ids);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        IF current_setting('o2o.placing', true) = 'on' THEN
            RETURN NULL;
        END IF;
        SELECT jsonb_agg(to_jsonb(p) || '{"facts": ["placed"]}'::jsonb ORDER BY p.id)
        INTO changed
        FROM orders.public_orders p WHERE p.id IN (SELECT n.id FROM new_rows n);
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT jsonb_agg(to_jsonb(p) || jsonb_build_object('facts', f.facts) ORDER BY p.id)
        INTO changed
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        JOIN orders.public_orders p ON p.id = n.id
        CROSS JOIN LATERAL (SELECT to_jsonb(array_remove(ARRAY[
            CASE WHEN o.paid_at IS NULL AND n.paid_at IS NOT NULL THEN 'paid' END,
            CASE WHEN o.ready_at IS NULL AND n.ready_at IS NOT NULL THEN 'ready' END,
            CASE WHEN o.shipped_at IS NULL AND n.shipped_at IS NOT NULL THEN 'shipped' END,
            CASE WHEN o.status <> 'picked_up' AND n.status = 'picked_up' THEN 'collected' END,
            CASE WHEN o.status <> 'delivered' AND n.status = 'delivered' THEN 'delivered' END,
            CASE WHEN n.refunded_fen > o.refunded_fen
                   OR (o.status <> 'refunded' AND n.status = 'refunded') THEN 'refunded' END,
            CASE WHEN o.status <> 'expired' AND n.status = 'expired' THEN 'expired' END,
            CASE WHEN o.status <> 'cancelled' AND n.status = 'cancelled' THEN 'cancelled' END
        ], NULL)) AS kinds) AS k
        CROSS JOIN LATERAL (SELECT CASE WHEN k.kinds <> '[]'::jsonb THEN k.kinds
                                        ELSE '["changed"]'::jsonb END AS facts) AS f
        WHERE k.kinds <> '[]'::jsonb
           OR (o.number, o.member_id, o.status, o.fulfilment, o.store_id, o.channel,
               o.touchpoint_id, o.guide_id, o.total_fen, o.refunded_fen, o.coupon_id,
               o.points_spent, o.created_at, o.paid_at, o.ready_at, o.shipped_at, o.closed_at)
              IS DISTINCT FROM
              (n.number, n.member_id, n.status, n.fulfilment, n.store_id, n.channel,
               n.touchpoint_id, n.guide_id, n.total_fen, n.refunded_fen, n.coupon_id,
               n.points_spent, n.created_at, n.paid_at, n.ready_at, n.shipped_at, n.closed_at);
    ELSE
        removed := ARRAY(SELECT o.id FROM old_rows o ORDER BY o.id);
    END IF;
    IF changed IS NOT NULL OR cardinality(removed) > 0 THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('orders.changed',
                jsonb_build_object('v', 1, 'orders', coalesce(changed, '[]'::jsonb),
                                   'removed', to_jsonb(removed)),
                now(), 0);
    END IF;
    RETURN NULL;
END
$$;
