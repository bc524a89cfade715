"""create campaigns schema: campaigns, their members by arm, and the once-per-member sends

Revision ID: c4a7e2d19b30
Revises:
Create Date: 2026-11-29 09:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4a7e2d19b30"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("campaigns",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS campaigns")
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("audience", sa.String(length=24), nullable=False),
        sa.Column("radius_km", sa.Double(), nullable=True),
        sa.Column("control_percent", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("message", sa.String(length=300), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=False),
        sa.Column("coupon_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("launched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("target IN ('store', 'channel')", name=op.f("ck_campaigns_target")),
        sa.CheckConstraint(
            "(target = 'store') = (store_id IS NOT NULL)", name=op.f("ck_campaigns_target_store")
        ),
        sa.CheckConstraint(
            "(target = 'channel') = (channel IS NOT NULL)",
            name=op.f("ck_campaigns_target_channel"),
        ),
        sa.CheckConstraint(
            "audience IN ('near_store', 'nearest_changes', 'single_channel')",
            name=op.f("ck_campaigns_audience"),
        ),
        sa.CheckConstraint(
            "control_percent BETWEEN 0 AND 90", name=op.f("ck_campaigns_control_percent")
        ),
        sa.CheckConstraint(
            "status IN ('ready', 'sending', 'sent')", name=op.f("ck_campaigns_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        schema="campaigns",
    )
    op.create_index(
        op.f("ix_campaigns_campaigns_region_id"),
        "campaigns",
        ["region_id"],
        unique=False,
        schema="campaigns",
    )
    op.create_table(
        "campaign_members",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("arm", sa.String(length=8), nullable=False),
        sa.CheckConstraint("arm IN ('treated', 'control')", name=op.f("ck_campaign_members_arm")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.campaigns.id"],
            name=op.f("fk_campaign_members_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "member_id", name=op.f("pk_campaign_members")),
        schema="campaigns",
    )
    op.create_table(
        "campaign_sends",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.campaigns.id"],
            name=op.f("fk_campaign_sends_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "member_id", name=op.f("pk_campaign_sends")),
        schema="campaigns",
    )


def downgrade() -> None:
    op.drop_table("campaign_sends", schema="campaigns")
    op.drop_table("campaign_members", schema="campaigns")
    op.drop_index(
        op.f("ix_campaigns_campaigns_region_id"), table_name="campaigns", schema="campaigns"
    )
    op.drop_table("campaigns", schema="campaigns")
    op.execute("DROP SCHEMA IF EXISTS campaigns")
