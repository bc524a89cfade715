-- The ledger's stock rule, the one definition: why a change of on-hand may not be made, or
-- NULL. On-hand never below zero, never below what stays reserved (`p_consumed` reserved
-- units leave with the change: a fulfilled allocation). Used by move_stock for every line.
CREATE OR REPLACE FUNCTION inventory.stock_refusal(
    p_on_hand integer, p_reserved integer, p_delta integer, p_consumed integer
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN p_on_hand::bigint + p_delta < 0 THEN 'not_enough_on_hand'
        WHEN p_on_hand::bigint + p_delta < p_reserved - p_consumed THEN 'below_reserved'
    END
$$;
