"""start_payment: a new payment attempt, as a row

Revision ID: 4a1b7d3e8c26
Revises: b42d57f02665
Create Date: 2026-11-22 18:30:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4a1b7d3e8c26"
down_revision: str | None = "b42d57f02665"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

START_PAYMENT = """
CREATE OR REPLACE FUNCTION payments.start_payment(
    p_order_ref text, p_attempt integer, p_gateway text, p_amount_fen integer,
    p_currency text, p_status text, p_intent_id text, p_client_secret text
) RETURNS payments.payments LANGUAGE sql AS $$
    INSERT INTO payments.payments (order_ref, attempt, gateway, amount_fen, currency, status,
                                   refunded_fen, intent_id, client_secret, created_at,
                                   updated_at)
    VALUES (p_order_ref, p_attempt, p_gateway, p_amount_fen, p_currency, p_status, 0,
            p_intent_id, p_client_secret, now(), now())
    RETURNING *
$$
"""


def upgrade() -> None:
    op.execute(START_PAYMENT)


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION IF EXISTS payments.start_payment"
        "(text, integer, text, integer, text, text, text, text)"
    )
