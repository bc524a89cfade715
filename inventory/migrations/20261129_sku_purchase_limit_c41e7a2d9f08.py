"""sku purchase limit: at most this many units of a sale item per order

Revision ID: c41e7a2d9f08
Revises: 4806771e64b5
Create Date: 2026-11-29 05:20:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c41e7a2d9f08"
down_revision: str | None = "4806771e64b5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL: the default of O2O_UNITS_PER_SKU applies.
    op.add_column(
        "skus", sa.Column("purchase_limit", sa.Integer(), nullable=True), schema="inventory"
    )
    op.create_check_constraint(
        op.f("ck_skus_purchase_limit_positive"), "skus", "purchase_limit > 0", schema="inventory"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_skus_purchase_limit_positive"), "skus", schema="inventory")
    op.drop_column("skus", "purchase_limit", schema="inventory")
