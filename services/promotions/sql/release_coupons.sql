-- Give back the coupons an order redeemed (it expired or was cancelled): they are usable
-- again. Filtered by the order, so a second call, or a call for an order without a
-- coupon, changes nothing. Returns how many were given back.
CREATE OR REPLACE FUNCTION promotions.release_coupons(p_order_ref text)
RETURNS integer LANGUAGE sql AS $$
    WITH released AS (
        UPDATE promotions.member_coupons AS w
        SET status = 'available', order_ref = NULL, redeemed_at = NULL
        WHERE w.order_ref = p_order_ref AND w.status = 'redeemed'
        RETURNING 1
    )
    SELECT count(*)::integer FROM released
$$;
