-- A new payment attempt, answered as payments' public read (`PaymentRead`'s fields), so
-- callers (`orders.place_order`) never depend on the layout of payments' table.
CREATE OR REPLACE FUNCTION payments.start_payment(
    p_order_ref text, p_attempt integer, p_gateway text, p_amount_fen integer,
    p_currency text, p_status text, p_intent_id text, p_client_secret text
) RETURNS jsonb LANGUAGE sql AS $$
    INSERT INTO payments.payments (order_ref, attempt, gateway, amount_fen, currency, status,
                                   refunded_fen, intent_id, client_secret, created_at,
                                   updated_at)
    VALUES (p_order_ref, p_attempt, p_gateway, p_amount_fen, p_currency, p_status, 0,
            p_intent_id, p_client_secret, now(), now())
    RETURNING jsonb_build_object(
        'id', id, 'order_ref', order_ref, 'attempt', attempt, 'gateway', gateway,
        'intent_id', intent_id, 'client_secret', client_secret, 'amount_fen', amount_fen,
        'currency', currency, 'status', status, 'refunded_fen', refunded_fen)
$$;
