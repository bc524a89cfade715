"""scan days: daily scan counts kept after raw scans pass retention

Revision ID: c71e5b2a9d40
Revises: ae520e86b1a8
Create Date: 2026-12-07 04:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c71e5b2a9d40"
down_revision: str | None = "ae520e86b1a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scan_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=False),
        sa.Column("scans", sa.BigInteger(), nullable=False),
        sa.Column("member_scans", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "touchpoint_id", name=op.f("pk_scan_days")),
        schema="touchpoints",
    )


def downgrade() -> None:
    op.drop_table("scan_days", schema="touchpoints")
