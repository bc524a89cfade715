"""orders: index the latest moment of an order (the journey collector's window)

Revision ID: 7f3d2b8e4c61
Revises: 5c8f3a1e2d47
Create Date: 2026-11-29 11:45:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7f3d2b8e4c61"
down_revision: str | None = "5c8f3a1e2d47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the expression of orders.models.LATEST_MOMENT when this index was made.
_LATEST = "GREATEST(created_at, paid_at, ready_at, shipped_at, closed_at)"


def upgrade() -> None:
    op.create_index(op.f("ix_orders_latest_moment"), "orders", [sa.text(_LATEST)], schema="orders")


def downgrade() -> None:
    op.drop_index(op.f("ix_orders_latest_moment"), "orders", schema="orders")
