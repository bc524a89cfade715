"""consents and erasure: marketing opt-out, erased accounts, consent audit log

Revision ID: e4b8a1c6d92f
Revises: b7e1c4a9d302
Create Date: 2026-12-07 04:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4b8a1c6d92f"
down_revision: str | None = "b7e1c4a9d302"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "members",
        sa.Column("marketing_opt_out", sa.Boolean(), server_default="false", nullable=False),
        schema="members",
    )
    op.add_column(
        "members",
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        schema="members",
    )
    op.create_table(
        "consent_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "purpose IN ('home_location', 'marketing', 'care')",
            name=op.f("ck_consent_events_purpose"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.members.id"],
            name=op.f("fk_consent_events_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_events")),
        schema="members",
    )
    op.create_index(
        op.f("ix_members_consent_events_member_id"),
        "consent_events",
        ["member_id"],
        unique=False,
        schema="members",
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_members_consent_events_member_id"), table_name="consent_events", schema="members"
    )
    op.drop_table("consent_events", schema="members")
    op.drop_column("members", "erased_at", schema="members")
    op.drop_column("members", "marketing_opt_out", schema="members")
