-- Statement triggers on every table insights keeps figures from: name the source rows a
-- statement changed, as one 'insights.rows_changed' outbox message ({source, ids}) in the
-- writer's own transaction, and nothing else. The writer computes no figures: the insights
-- consumer (services/insights/reconcile.py) recomputes each named row's figures from its
-- current state and adds the difference from what it counted for that row last time, so
-- repeated, late and reordered messages all end at row_figures(the row as it is now).
-- Rows that cannot change a figure publish nothing (row_figures.sql says why): an order
-- never paid, ready or closed (a placement: no message), an order line of such an order,
-- and a member whose joined_at stayed (points move on every order). Order lines name their
-- order, whose figures hold the units. A bulk load (demo seed, benchmarks) sets
-- insights.bulk_load = 'on' for its transaction and runs `o2o insights rebuild` after it.
CREATE OR REPLACE FUNCTION insights.rows_changed()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    source text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
    ids bigint[] := '{}';
BEGIN
    IF current_setting('insights.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF source = 'orders.orders' THEN
        IF TG_OP <> 'DELETE' THEN
            ids := ARRAY(SELECT n.id FROM new_rows n
                         WHERE coalesce(n.paid_at, n.ready_at, n.closed_at) IS NOT NULL);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT o.id FROM old_rows o
                                WHERE coalesce(o.paid_at, o.ready_at, o.closed_at) IS NOT NULL);
        END IF;
    ELSIF source = 'orders.order_lines' THEN
        source := 'orders.orders';
        IF TG_OP <> 'DELETE' THEN
            ids := ARRAY(SELECT n.order_id FROM new_rows n);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT o.order_id FROM old_rows o);
        END IF;
        ids := ARRAY(SELECT o.id FROM orders.orders o WHERE o.id = ANY (ids)
                       AND coalesce(o.paid_at, o.ready_at, o.closed_at) IS NOT NULL);
    ELSIF source = 'members.members' AND TG_OP = 'UPDATE' THEN
        ids := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE n.joined_at IS DISTINCT FROM o.joined_at);
    ELSE
        IF TG_OP <> 'DELETE' THEN
            ids := ARRAY(SELECT n.id FROM new_rows n);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT o.id FROM old_rows o);
        END IF;
    END IF;
    IF cardinality(ids) > 0 THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('insights.rows_changed',
                jsonb_build_object('source', source,
                                   'ids', to_jsonb(ARRAY(SELECT DISTINCT unnest(ids) ORDER BY 1))),
                now(), 0);
    END IF;
    RETURN NULL;
END
$$;
