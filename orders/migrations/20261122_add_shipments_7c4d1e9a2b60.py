"""add shipments: carrier, tracking number and time for delivery orders

Revision ID: 7c4d1e9a2b60
Revises: 1a9b6aaa2cc6
Create Date: 2026-11-22 18:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c4d1e9a2b60"
down_revision: str | None = "1a9b6aaa2cc6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("carrier", sa.String(40), nullable=True), schema="orders")
    op.add_column(
        "orders", sa.Column("tracking_number", sa.String(60), nullable=True), schema="orders"
    )
    op.add_column(
        "orders",
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
        schema="orders",
    )


def downgrade() -> None:
    for column in ("shipped_at", "tracking_number", "carrier"):
        op.drop_column("orders", column, schema="orders")
