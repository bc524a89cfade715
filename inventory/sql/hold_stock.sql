-- Writes a reservation and its lines, not yet counted against stock: the caller ends its
-- transaction with take_stock. The one writer of reservations (sync `reservations.hold`
-- and `orders.place_order`), so the quantity rule lives here: at least one line, one line
-- per SKU, every quantity positive; anything else raises `invalid_reservation`.
CREATE OR REPLACE FUNCTION inventory.hold_stock(
    p_reference text, p_location integer, p_skus integer[], p_quantities integer[],
    p_until timestamptz
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_reservation bigint;
BEGIN
    IF coalesce(cardinality(p_skus), 0) = 0
       OR cardinality(p_skus) IS DISTINCT FROM cardinality(p_quantities)
       OR EXISTS (SELECT FROM unnest(p_quantities) AS q(quantity)
                  WHERE q.quantity IS NULL OR q.quantity <= 0)
       OR EXISTS (SELECT FROM unnest(p_skus) AS s(sku_id)
                  GROUP BY s.sku_id HAVING s.sku_id IS NULL OR count(*) > 1) THEN
        RAISE EXCEPTION 'invalid_reservation'
            USING DETAIL = 'at least one line, one per SKU, positive quantities';
    END IF;
    INSERT INTO inventory.reservations
        (reference, location_id, status, reserved_until, created_at, updated_at)
    VALUES (p_reference, p_location, 'held', p_until, now(), now())
    RETURNING id INTO v_reservation;
    INSERT INTO inventory.reservation_lines (reservation_id, sku_id, quantity)
    SELECT v_reservation, c.sku_id, c.quantity
    FROM unnest(p_skus, p_quantities) AS c(sku_id, quantity);
    RETURN v_reservation;
END
$$;
