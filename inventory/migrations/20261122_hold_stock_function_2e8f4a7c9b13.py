"""hold_stock: write a reservation and its lines (take_stock counts them)

Revision ID: 2e8f4a7c9b13
Revises: 5b7e2c91d0a4
Create Date: 2026-11-22 18:30:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "2e8f4a7c9b13"
down_revision: str | None = "5b7e2c91d0a4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Not yet counted against stock: the caller ends its transaction with take_stock.
HOLD_STOCK = """
CREATE OR REPLACE FUNCTION inventory.hold_stock(
    p_reference text, p_location integer, p_skus integer[], p_quantities integer[],
    p_until timestamptz
) RETURNS bigint LANGUAGE sql AS $$
    WITH reservation AS (
        INSERT INTO inventory.reservations
            (reference, location_id, status, reserved_until, created_at, updated_at)
        VALUES (p_reference, p_location, 'held', p_until, now(), now())
        RETURNING id
    ), lines AS (
        INSERT INTO inventory.reservation_lines (reservation_id, sku_id, quantity)
        SELECT reservation.id, c.sku_id, c.quantity
        FROM reservation, unnest(p_skus, p_quantities) AS c(sku_id, quantity)
    )
    SELECT id FROM reservation
$$
"""


def upgrade() -> None:
    op.execute(HOLD_STOCK)


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION IF EXISTS"
        " inventory.hold_stock(text, integer, integer[], integer[], timestamptz)"
    )
