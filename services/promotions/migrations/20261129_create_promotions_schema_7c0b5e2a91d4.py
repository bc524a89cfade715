"""create promotions schema: coupons, member coupons, redeem and release functions

Revision ID: 7c0b5e2a91d4
Revises:
Create Date: 2026-11-29 08:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from services.platform import sql_source

revision: str = "7c0b5e2a91d4"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("promotions",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS promotions")
    op.create_table(
        "coupons",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_off_fen", sa.Integer(), nullable=True),
        sa.Column("percent_off", sa.Integer(), nullable=True),
        sa.Column("max_off_fen", sa.Integer(), nullable=True),
        sa.Column("min_spend_fen", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channels", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("region_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("store_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("sku_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("categories", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'amount_off') = (amount_off_fen IS NOT NULL)",
            name=op.f("ck_coupons_amount_for_amount_off"),
        ),
        sa.CheckConstraint(
            "(kind = 'percent_off') = (percent_off IS NOT NULL)",
            name=op.f("ck_coupons_percent_for_percent_off"),
        ),
        sa.CheckConstraint("amount_off_fen > 0", name=op.f("ck_coupons_amount_positive")),
        sa.CheckConstraint("max_off_fen > 0", name=op.f("ck_coupons_cap_positive")),
        sa.CheckConstraint(
            "kind IN ('amount_off', 'percent_off')", name=op.f("ck_coupons_kind_known")
        ),
        sa.CheckConstraint("min_spend_fen >= 0", name=op.f("ck_coupons_min_spend_not_negative")),
        sa.CheckConstraint(
            "percent_off BETWEEN 1 AND 100", name=op.f("ck_coupons_percent_in_range")
        ),
        sa.CheckConstraint("valid_until > valid_from", name=op.f("ck_coupons_window_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupons")),
        schema="promotions",
    )
    op.create_table(
        "member_coupons",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("coupon_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("order_ref", sa.String(length=32), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(status = 'redeemed') = (order_ref IS NOT NULL)",
            name=op.f("ck_member_coupons_redeemed_has_order"),
        ),
        sa.CheckConstraint(
            "status IN ('available', 'redeemed')", name=op.f("ck_member_coupons_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["coupon_id"],
            ["promotions.coupons.id"],
            name=op.f("fk_member_coupons_coupon_id_coupons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_coupons")),
        sa.UniqueConstraint(
            "coupon_id", "member_id", name=op.f("uq_member_coupons_coupon_id_member_id")
        ),
        schema="promotions",
    )
    op.create_index(
        "ix_member_coupons_member",
        "member_coupons",
        ["member_id", "status"],
        unique=False,
        schema="promotions",
    )
    op.create_index(
        "ix_member_coupons_order",
        "member_coupons",
        ["order_ref"],
        unique=False,
        schema="promotions",
        postgresql_where=sa.text("order_ref IS NOT NULL"),
    )
    op.execute(sql_source.load("services.promotions", "redeem_coupon", digest="9215bbb3c90dd1ff"))
    op.execute(sql_source.load("services.promotions", "release_coupons", digest="2e206fba5510b1d9"))


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS promotions.release_coupons(text)")
    op.execute("DROP FUNCTION IF EXISTS promotions.redeem_coupon(bigint, bigint, text)")
    op.drop_index("ix_member_coupons_order", table_name="member_coupons", schema="promotions")
    op.drop_index("ix_member_coupons_member", table_name="member_coupons", schema="promotions")
    op.drop_table("member_coupons", schema="promotions")
    op.drop_table("coupons", schema="promotions")
