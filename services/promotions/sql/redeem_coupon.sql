-- Redeem one coupon of a member's wallet for an order: the only way a coupon is used.
-- A conditional UPDATE: of two orders redeeming the same coupon at once, the second
-- waits on the row lock, re-reads the committed row (READ COMMITTED), finds it no longer
-- 'available' and raises 'coupon_unavailable', so its order rolls back. Returns the
-- coupon (definition) id. Called with named arguments, from orders.place_order.
CREATE OR REPLACE FUNCTION promotions.redeem_coupon(
    p_member_coupon_id bigint, p_member_id bigint, p_order_ref text
) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_coupon integer;
BEGIN
    UPDATE promotions.member_coupons AS w
    SET status = 'redeemed', order_ref = p_order_ref, redeemed_at = now()
    WHERE w.id = p_member_coupon_id AND w.member_id = p_member_id AND w.status = 'available'
    RETURNING w.coupon_id INTO v_coupon;
    IF v_coupon IS NULL THEN
        RAISE EXCEPTION 'coupon_unavailable' USING DETAIL = p_member_coupon_id::text;
    END IF;
    RETURN v_coupon;
END
$$;
