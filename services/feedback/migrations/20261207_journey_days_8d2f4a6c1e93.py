"""journey days: daily journey counts kept after raw moments pass retention

Revision ID: 8d2f4a6c1e93
Revises: 5f0c3a9e7b21
Create Date: 2026-12-07 04:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8d2f4a6c1e93"
down_revision: str | None = "5f0c3a9e7b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "journey_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind", "stage", "store_id", name=op.f("pk_journey_days")),
        schema="feedback",
    )


def downgrade() -> None:
    op.drop_table("journey_days", schema="feedback")
