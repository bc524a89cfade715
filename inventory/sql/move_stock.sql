-- The stock ledger's one write: every change of on-hand (sales fulfilled, receipts,
-- adjustments, counts, transfers, ERP imports) is a call, from `inventory.ledger.move` or
-- with arrays built in SQL (`inventory.stock_import`). One element per stock row:
-- location, SKU, quantity (a change, or with `p_set_levels` the level to reach), reserved
-- units consumed, and the movement's source id.
--
-- Missing rows open at zero; the rows are locked in (location, SKU) order, as take_stock
-- does within one location, so writers never deadlock. With `p_set_levels`, a row already
-- at its level is left alone (not locked, no movement). Each line is judged by
-- stock_refusal on the locked row. Any refusal: nothing is written. Otherwise the counters
-- and one movement per changed row are written in one statement, so on-hand is always the
-- sum of its movements. Returns each line's level before, its change and its refusal.
--
-- The rows are locked in a statement of their own, before the one that judges and writes:
-- that statement's snapshot is taken once every lock is held, so it reads each row as it
-- now is. Locking and judging in one statement (a FOR UPDATE sub-select) judged some rows
-- on the version its snapshot saw while the UPDATE wrote onto the newest one: under races
-- a change judged allowed broke the stock rule (check violations). The UPDATE also writes
-- only onto the level it judged, so a judgement can never land on another version.
--
-- Joins go by index (no hash or merge join): a batch touches a few rows of a large table.
CREATE OR REPLACE FUNCTION inventory.move_stock(
    p_locations integer[], p_skus integer[], p_quantities integer[], p_consumed integer[],
    p_sources text[], p_set_levels boolean, p_kind text, p_reason text, p_source_type text,
    p_staff_role text, p_staff_id integer
) RETURNS TABLE (
    location_id integer, sku_id integer, on_hand integer, reserved integer, delta integer,
    refusal text
) LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
#variable_conflict use_column
DECLARE
    v_locations integer[];
    v_skus integer[];
    v_quantities integer[];
    v_consumed integer[];
    v_sources text[];
BEGIN
    INSERT INTO inventory.stock AS st (location_id, sku_id, on_hand, reserved, updated_at)
    SELECT l.location_id, l.sku_id, 0, 0, now()
      FROM unnest(p_locations, p_skus) AS l(location_id, sku_id)
     WHERE NOT EXISTS (SELECT FROM inventory.stock x
                        WHERE x.location_id = l.location_id AND x.sku_id = l.sku_id)
     ORDER BY 1, 2
    ON CONFLICT ON CONSTRAINT pk_stock DO NOTHING;
    -- The lines to apply, their rows locked in order (the sort sits below the lock).
    SELECT array_agg(k.location_id), array_agg(k.sku_id), array_agg(k.quantity),
           array_agg(k.consumed), array_agg(k.source_id)
      INTO v_locations, v_skus, v_quantities, v_consumed, v_sources
      FROM (SELECT l.location_id, l.sku_id, l.quantity, l.consumed, l.source_id
              FROM unnest(p_locations, p_skus, p_quantities, p_consumed, p_sources)
                   AS l(location_id, sku_id, quantity, consumed, source_id)
              JOIN inventory.stock x ON x.location_id = l.location_id AND x.sku_id = l.sku_id
             WHERE NOT p_set_levels OR x.on_hand <> l.quantity OR l.consumed <> 0
             ORDER BY l.location_id, l.sku_id
               FOR UPDATE OF x) k;
    RETURN QUERY
    WITH judged AS MATERIALIZED (
        SELECT k.location_id, k.sku_id, k.on_hand, k.reserved, k.delta, k.consumed,
               k.source_id,
               inventory.stock_refusal(k.on_hand, k.reserved, k.delta, k.consumed) AS refusal
          FROM (SELECT l.location_id, l.sku_id, x.on_hand, x.reserved, l.consumed, l.source_id,
                       CASE WHEN p_set_levels THEN l.quantity - x.on_hand ELSE l.quantity END
                           AS delta
                  FROM unnest(v_locations, v_skus, v_quantities, v_consumed, v_sources)
                       AS l(location_id, sku_id, quantity, consumed, source_id)
                  JOIN inventory.stock x
                    ON x.location_id = l.location_id AND x.sku_id = l.sku_id) k),
    moved AS (
        UPDATE inventory.stock st
           SET on_hand = st.on_hand + j.delta, reserved = st.reserved - j.consumed,
               updated_at = now()
          FROM judged j
         WHERE NOT EXISTS (SELECT FROM judged r WHERE r.refusal IS NOT NULL)
           AND st.location_id = j.location_id AND st.sku_id = j.sku_id
           AND st.on_hand = j.on_hand AND st.reserved = j.reserved
           AND (j.delta <> 0 OR j.consumed <> 0)
        RETURNING st.location_id, st.sku_id, j.delta, j.source_id),
    written AS (
        INSERT INTO inventory.stock_movements (location_id, sku_id, quantity, kind, reason,
                                               source_type, source_id, staff_role, staff_id)
        SELECT m.location_id, m.sku_id, m.delta, p_kind, p_reason, p_source_type, m.source_id,
               p_staff_role, p_staff_id
          FROM moved m WHERE m.delta <> 0)
    SELECT j.location_id, j.sku_id, j.on_hand, j.reserved, j.delta, j.refusal FROM judged j
     ORDER BY j.location_id, j.sku_id;
END
$$;
