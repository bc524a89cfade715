-- Counts a held cart against stock, every line or an error: the one stock-taking write
-- (sync `reservations.take` and `orders.place_order` both run it); "enough" is `covers`.
-- Raises (instead of returning a count) so a caller can send it and COMMIT in one round
-- trip: a short line aborts the transaction, and the COMMIT becomes a rollback.
CREATE OR REPLACE FUNCTION inventory.take_stock(
    p_location integer, p_skus integer[], p_quantities integer[]
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    line record;
BEGIN
    -- SKU order: concurrent carts lock the rows they share in the same order.
    FOR line IN
        SELECT c.sku_id, c.quantity FROM unnest(p_skus, p_quantities) AS c(sku_id, quantity)
        ORDER BY c.sku_id
    LOOP
        UPDATE inventory.stock
        SET reserved = reserved + line.quantity, updated_at = now()
        WHERE location_id = p_location AND sku_id = line.sku_id
          AND inventory.covers(on_hand, reserved, line.quantity);
        IF NOT FOUND THEN
            RAISE EXCEPTION 'out_of_stock' USING DETAIL = line.sku_id::text;
        END IF;
    END LOOP;
END
$$;
