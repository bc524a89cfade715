"""place_order: an order's whole write in one statement (its own transaction)

Revision ID: 8b5e2f6a1c94
Revises: 7c4d1e9a2b60
Create Date: 2026-11-22 18:30:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8b5e2f6a1c94"
down_revision: str | None = "7c4d1e9a2b60"
branch_labels: str | Sequence[str] | None = None
# The other services' functions it calls, each created in its own service's migrations.
depends_on: str | Sequence[str] | None = ("9d3a6c2e5f17", "2e8f4a7c9b13", "4a1b7d3e8c26")

# Sent as one statement outside any explicit transaction, so it runs in a transaction of
# its own that commits in the same round trip. Other services' tables are reached only
# through their functions, as the Python side reaches them through their clients: the
# idempotency key with its answer (a duplicate returns the stored one and writes nothing),
# the hold, the order and its lines, the payment attempt, and last the stock, so the hot
# row is locked from take_stock to the commit only. A short line raises and nothing stays.
PLACE_ORDER = """
CREATE OR REPLACE FUNCTION orders.place_order(
    p_scope text, p_key text, p_request_hash text, p_answer jsonb,
    p_number text, p_member_id integer, p_fulfilment text, p_store_id integer,
    p_location_id integer, p_delivery_address jsonb, p_total_fen integer, p_channel text,
    p_touchpoint_id integer, p_guide_id integer, p_hold_until timestamptz,
    p_now timestamptz, p_lines jsonb, p_skus integer[], p_quantities integer[],
    p_gateway text, p_payment_status text, p_intent_id text, p_client_secret text
) RETURNS TABLE (
    replayed boolean, request_hash text, status_code integer, response jsonb, payment jsonb
) LANGUAGE plpgsql AS $$
DECLARE
    v_claim record;
    v_reservation bigint;
    v_order bigint;
    v_payment payments.payments;
BEGIN
    IF p_scope IS NOT NULL THEN
        SELECT * INTO v_claim
        FROM platform.claim_answered(p_scope, p_key, p_request_hash, 201, p_answer);
        IF NOT v_claim.claimed THEN
            RETURN QUERY SELECT true, v_claim.request_hash, v_claim.status_code,
                                v_claim.response, NULL::jsonb;
            RETURN;
        END IF;
    END IF;
    v_reservation := inventory.hold_stock(
        p_number, p_location_id, p_skus, p_quantities, p_hold_until);
    INSERT INTO orders.orders AS o (
        number, member_id, status, fulfilment, store_id, location_id, delivery_address,
        reservation_id, total_fen, currency, refunded_fen, channel, touchpoint_id, guide_id,
        hold_until, pickup_code_version, pickup_code_failures, created_at, updated_at)
    VALUES (
        p_number, p_member_id, 'pending_payment', p_fulfilment, p_store_id, p_location_id,
        p_delivery_address, v_reservation, p_total_fen, 'CNY', 0, p_channel, p_touchpoint_id,
        p_guide_id, p_hold_until, 0, 0, p_now, p_now)
    RETURNING o.id INTO v_order;
    INSERT INTO orders.order_lines
        (order_id, sku_id, product_name, variant, unit_price_fen, quantity)
    SELECT v_order, l.sku_id, l.product_name, l.variant, l.unit_price_fen, l.quantity
    FROM jsonb_to_recordset(p_lines) AS l(
        sku_id integer, product_name text, variant text, unit_price_fen integer,
        quantity integer);
    v_payment := payments.start_payment(
        p_number, 1, p_gateway, p_total_fen, 'CNY', p_payment_status, p_intent_id,
        p_client_secret);
    PERFORM inventory.take_stock(p_location_id, p_skus, p_quantities);
    RETURN QUERY SELECT false, NULL::text, NULL::integer, NULL::jsonb, to_jsonb(v_payment);
END
$$
"""


def upgrade() -> None:
    op.execute(PLACE_ORDER)


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION IF EXISTS orders.place_order(text, text, text, jsonb, text, integer,"
        " text, integer, integer, jsonb, integer, text, integer, integer, timestamptz,"
        " timestamptz, jsonb, integer[], integer[], text, text, text, text)"
    )
