"""appointment reschedule count; member look-up audit (who read whom, when, why)

Revision ID: a4c7e2f91b36
Revises: a3e91c7d5b02
Create Date: 2026-12-07 04:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a4c7e2f91b36"
down_revision: str | None = "a3e91c7d5b02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "appointments",
        sa.Column("reschedules", sa.Integer(), server_default="0", nullable=False),
        schema="stores",
    )
    op.create_table(
        "member_lookups",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("looked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('view', 'note', 'reveal')", name=op.f("ck_member_lookups_action")
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"], ["stores.guides.id"], name=op.f("fk_member_lookups_guide_id_guides")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.stores.id"], name=op.f("fk_member_lookups_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_lookups")),
        schema="stores",
    )
    op.create_index(
        "ix_member_lookups_guide_id_looked_at",
        "member_lookups",
        ["guide_id", "looked_at"],
        unique=False,
        schema="stores",
    )
    op.create_index(
        "ix_member_lookups_member_id_looked_at",
        "member_lookups",
        ["member_id", "looked_at"],
        unique=False,
        schema="stores",
    )


def downgrade() -> None:
    op.drop_table("member_lookups", schema="stores")
    op.drop_column("appointments", "reschedules", schema="stores")
