"""appointments: try-on items and the inventory reservation holding them

Revision ID: 8b41e6d2c7f3
Revises: 5d7a2c91e4b0
Create Date: 2026-11-29 08:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "8b41e6d2c7f3"
down_revision: str | None = "5d7a2c91e4b0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "appointments",
        sa.Column("try_on", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        schema="stores",
    )
    op.add_column(
        "appointments",
        sa.Column("try_on_reservation_id", sa.BigInteger(), nullable=True),
        schema="stores",
    )


def downgrade() -> None:
    op.drop_column("appointments", "try_on_reservation_id", schema="stores")
    op.drop_column("appointments", "try_on", schema="stores")
