"""member notes: a store's private notes about its customers

Revision ID: 5d2a9c7e41b3
Revises: 23b48556a013
Create Date: 2026-11-29 08:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d2a9c7e41b3"
down_revision: str | None = "23b48556a013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_notes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"], ["stores.guides.id"], name=op.f("fk_member_notes_guide_id_guides")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.stores.id"], name=op.f("fk_member_notes_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_notes")),
        schema="stores",
    )
    op.create_index(
        "ix_member_notes_store_id_member_id_created_at",
        "member_notes",
        ["store_id", "member_id", "created_at"],
        unique=False,
        schema="stores",
    )


def downgrade() -> None:
    op.drop_index(
        "ix_member_notes_store_id_member_id_created_at", table_name="member_notes", schema="stores"
    )
    op.drop_table("member_notes", schema="stores")
