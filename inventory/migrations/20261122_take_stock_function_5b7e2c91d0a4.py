"""take_stock: count a cart against stock in the database, every line or an error

Revision ID: 5b7e2c91d0a4
Revises: 3f102694c7c6
Create Date: 2026-11-22 16:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5b7e2c91d0a4"
down_revision: str | None = "3f102694c7c6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Raises (instead of returning a count) so the caller can send it and COMMIT in one
# round trip: a short line aborts the transaction, and the COMMIT becomes a rollback.
TAKE_STOCK = """
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
          AND on_hand - reserved >= line.quantity;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'out_of_stock' USING DETAIL = line.sku_id::text;
        END IF;
    END LOOP;
END
$$
"""


def upgrade() -> None:
    op.execute(TAKE_STOCK)


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS inventory.take_stock(integer, integer[], integer[])")
