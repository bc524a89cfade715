-- An order's whole write in one statement. Sent outside any explicit transaction, so it
-- runs in a transaction of its own that commits in the same round trip. Other services'
-- tables are reached only through their functions, as the Python side reaches them through
-- their clients: the idempotency key with its answer (a duplicate returns the stored one
-- and writes nothing), the hold, the order and its lines, the payment attempt, and last
-- the stock, so the hot row is locked from take_stock to the commit only. A short line
-- raises and nothing stays.
--
-- `p_order` is the new order as its shopper reads it (`orders.placing` builds it: status,
-- currency, zeros and all), stored as the idempotent answer and written as the row, so a
-- new order's values are decided in one place. Called with named arguments.
--
-- Hoarding: with `p_open_limit`, a shopper who already has that many orders in
-- `p_open_statuses` (orders.states.AWAITING_PAYMENT: unpaid, holding stock) is refused
-- ('too_many_open_orders', DETAIL '<open>/<limit>'). Placements by one shopper queue on a
-- transaction-scoped advisory lock first, so each counts after the previous one committed
-- (each statement of a READ COMMITTED function sees what committed before it began): two
-- at once cannot both pass the cap. Other shoppers never wait on it.
--
-- Points: `points_spent` of the priced order (orders.pricing) are taken from the member
-- by members.apply_points (its source names the order: once per order), before the
-- stock, so the hot row is still locked last. Too few points raise 'points_insufficient' (DETAIL
-- '<needed>') and nothing stays: two orders spending the same points cannot both pass
-- (the second waits on the member's row, then sees the first's balance).
--
-- Coupon: the wallet entry `coupon_id` of the priced order is redeemed for this order by
-- promotions.redeem_coupon, before the stock: of two orders redeeming one coupon at once
-- the second raises 'coupon_unavailable' (DETAIL '<coupon_id>') and nothing stays.
CREATE OR REPLACE FUNCTION orders.place_order(
    p_order jsonb, p_member_id integer, p_location_id integer, p_skus integer[],
    p_quantities integer[], p_gateway text, p_payment_status text, p_intent_id text,
    p_client_secret text, p_scope text DEFAULT NULL, p_key text DEFAULT NULL,
    p_request_hash text DEFAULT NULL, p_open_limit integer DEFAULT NULL,
    p_open_statuses text[] DEFAULT NULL
) RETURNS orders.placement LANGUAGE plpgsql AS $$
DECLARE
    v_claim record;
    v_reservation bigint;
    v_order bigint;
    v_open integer;
    v_result orders.placement;
BEGIN
    IF p_scope IS NOT NULL THEN
        SELECT * INTO v_claim FROM platform.claim_answered(
            p_scope => p_scope, p_key => p_key, p_request_hash => p_request_hash,
            p_status_code => 201, p_response => p_order);
        IF NOT v_claim.claimed THEN
            v_result := ROW(true, v_claim.request_hash, v_claim.status_code, v_claim.response,
                            NULL::jsonb);
            RETURN v_result;
        END IF;
    END IF;
    IF p_open_limit IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('orders.open_orders'), p_member_id);
        SELECT count(*) INTO v_open FROM orders.orders o
        WHERE o.member_id = p_member_id AND o.status = ANY(p_open_statuses);
        IF v_open >= p_open_limit THEN
            RAISE EXCEPTION 'too_many_open_orders' USING DETAIL = v_open || '/' || p_open_limit;
        END IF;
    END IF;
    IF (p_order->>'points_spent')::integer > 0 THEN
        PERFORM 1 FROM members.apply_points(
            p_member_id => p_member_id, p_delta => -(p_order->>'points_spent')::integer,
            p_source => concat_ws(':', 'order', p_order->>'number', 'spend'),
            p_reason => 'paid with order ' || (p_order->>'number'),
            p_at => (p_order->>'created_at')::timestamptz);
        IF NOT FOUND THEN
            RAISE EXCEPTION 'points_insufficient' USING DETAIL = p_order->>'points_spent';
        END IF;
    END IF;
    IF p_order->>'coupon_id' IS NOT NULL THEN
        PERFORM promotions.redeem_coupon(
            p_member_coupon_id => (p_order->>'coupon_id')::bigint, p_member_id => p_member_id,
            p_order_ref => p_order->>'number');
    END IF;
    v_reservation := inventory.hold_stock(
        p_reference => p_order->>'number', p_location => p_location_id, p_skus => p_skus,
        p_quantities => p_quantities, p_until => (p_order->>'hold_until')::timestamptz);
    -- The order and its lines publish one 'orders.changed' message, from the lines'
    -- insert (orders/sql/publish_changes.sql), with the order complete.
    PERFORM set_config('o2o.placing', 'on', true);
    INSERT INTO orders.orders AS o (
        number, member_id, status, fulfilment, store_id, location_id, delivery_address,
        reservation_id, total_fen, currency, refunded_fen, subtotal_fen, coupon_discount_fen,
        points_spent, points_discount_fen, points_earned, points_returned, coupon_id,
        channel, touchpoint_id, guide_id, hold_until, created_at, updated_at)
    SELECT n.number, p_member_id, n.status, n.fulfilment, n.store_id, p_location_id,
           n.delivery_address, v_reservation, n.total_fen, n.currency, n.refunded_fen,
           n.subtotal_fen, n.coupon_discount_fen, n.points_spent, n.points_discount_fen,
           n.points_earned, n.points_returned, n.coupon_id, n.channel, n.touchpoint_id,
           n.guide_id,
           n.hold_until, n.created_at, n.created_at
    FROM jsonb_populate_record(NULL::orders.orders, p_order) AS n
    RETURNING o.id INTO v_order;
    INSERT INTO orders.order_lines
        (order_id, sku_id, product_name, variant, unit_price_fen, quantity,
         coupon_discount_fen, points_discount_fen)
    SELECT v_order, l.sku_id, l.product_name, l.variant, l.unit_price_fen, l.quantity,
           l.coupon_discount_fen, l.points_discount_fen
    FROM jsonb_to_recordset(p_order->'lines') AS l(
        sku_id integer, product_name text, variant text, unit_price_fen integer,
        quantity integer, coupon_discount_fen integer, points_discount_fen integer);
    PERFORM set_config('o2o.placing', 'off', true);
    v_result := ROW(false, NULL::text, NULL::integer, NULL::jsonb,
        payments.start_payment(
            p_order_ref => p_order->>'number', p_attempt => 1, p_gateway => p_gateway,
            p_amount_fen => (p_order->>'total_fen')::integer,
            p_currency => p_order->>'currency', p_status => p_payment_status,
            p_intent_id => p_intent_id, p_client_secret => p_client_secret));
    PERFORM inventory.take_stock(
        p_location => p_location_id, p_skus => p_skus, p_quantities => p_quantities);
    RETURN v_result;
END
$$;
