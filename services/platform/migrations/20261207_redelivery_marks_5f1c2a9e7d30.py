"""redelivery marks: how far each outbox consumer has been swept

Revision ID: 5f1c2a9e7d30
Revises: 9d3a6c2e5f17
Create Date: 2026-12-07 23:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5f1c2a9e7d30"
down_revision: str | None = "9d3a6c2e5f17"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "redelivery_marks",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("consumer", name=op.f("pk_redelivery_marks")),
        schema="platform",
    )


def downgrade() -> None:
    op.drop_table("redelivery_marks", schema="platform")
