-- The one idempotency claim (sync creates through `idempotency.claim`, placing through
-- `orders.place_order`), in the create's own transaction. Claims the key, with the answer
-- when it is already known (else NULL: `idempotency.record` stores it before commit), or
-- returns what the earlier request stored. A concurrent duplicate waits on the key until
-- the first commits or rolls back; each statement here reads a fresh snapshot, so it then
-- sees the stored answer, or claims the key itself (the loop: the row it waited on is gone).
CREATE OR REPLACE FUNCTION platform.claim_answered(
    p_scope text, p_key text, p_request_hash text, p_status_code integer, p_response jsonb
) RETURNS TABLE (claimed boolean, request_hash text, status_code integer, response jsonb)
LANGUAGE plpgsql AS $$
BEGIN
    LOOP
        INSERT INTO platform.idempotency_keys AS k
            (scope, key, request_hash, status_code, response, created_at)
        VALUES (p_scope, p_key, p_request_hash, p_status_code, p_response, now())
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN QUERY SELECT true, NULL::text, NULL::integer, NULL::jsonb;
            RETURN;
        END IF;
        RETURN QUERY SELECT false, k.request_hash::text, k.status_code, k.response
            FROM platform.idempotency_keys k WHERE k.scope = p_scope AND k.key = p_key;
        IF FOUND THEN
            RETURN;
        END IF;
    END LOOP;
END
$$;
