"""ERP stock import: batches applied once, by the feed's own batch id

Revision ID: b7c1e4d2a9f3
Revises: 9d3e5b1a7f20
Create Date: 2026-11-29 08:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7c1e4d2a9f3"
down_revision: str | None = "9d3e5b1a7f20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stock_import_batches",
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("staff_role", sa.String(length=16), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_stock_import_batches")),
        schema="inventory",
    )


def downgrade() -> None:
    op.drop_table("stock_import_batches", schema="inventory")
