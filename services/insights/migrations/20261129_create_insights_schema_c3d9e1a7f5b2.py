"""create insights schema: daily rollups at four grains, applied events

Revision ID: c3d9e1a7f5b2
Revises:
Create Date: 2026-11-29 09:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3d9e1a7f5b2"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("insights",)
# The tables the triggers sit on, and the outbox they write to.
depends_on: str | Sequence[str] | None = None

_DIMS = {
    "figures_full": ("region_id", "store_id", "channel", "touchpoint_id", "guide_id"),
    "figures_store": ("region_id", "store_id"),
    "figures_channel": ("region_id", "channel"),
    "figures_region": ("region_id",),
}


def _column(name: str) -> sa.Column[object]:
    kind = sa.String(length=20) if name == "channel" else sa.Integer()
    return sa.Column(name, kind, nullable=False)


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS insights")
    op.create_table(
        "applied_events",
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("message_id"),
        schema="insights",
    )
    for table, dims in _DIMS.items():
        op.create_table(
            table,
            sa.Column("day", sa.Date(), nullable=False),
            *(_column(d) for d in dims),
            sa.Column("figure", sa.String(length=40), nullable=False),
            sa.Column("value", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("day", *dims, "figure"),
            schema="insights",
        )


def downgrade() -> None:
    op.execute("DROP SCHEMA insights CASCADE")
