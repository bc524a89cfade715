"""create recommendations schema: picks, bought together, popular, homes, preferences,
impressions, marks

Revision ID: d71c4e9a3b58
Revises:
Create Date: 2026-12-07 04:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d71c4e9a3b58"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("recommendations",)
# Training reads orders.public_purchases (declared by orders in b3e8d2f1a6c4).
depends_on: str | Sequence[str] | None = ("b3e8d2f1a6c4",)

_S = "recommendations"
_WHYS = "why IN ('bought_together', 'similar_members', 'popular_nearby')"
_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS recommendations")
    op.create_table(
        "preferences",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("personalised", sa.Boolean(), nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_preferences")),
        schema=_S,
    )
    op.create_table(
        "member_picks",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("why", sa.String(length=20), nullable=False),
        sa.CheckConstraint(_WHYS, name=op.f("ck_member_picks_why")),
        sa.PrimaryKeyConstraint("member_id", "product_id", name=op.f("pk_member_picks")),
        schema=_S,
    )
    op.create_table(
        "bought_together",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "other_id", name=op.f("pk_bought_together")),
        schema=_S,
    )
    op.create_table(
        "popular",
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("scope_key", sa.String(length=100), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.CheckConstraint("scope IN ('store', 'city', 'all')", name=op.f("ck_popular_scope")),
        sa.PrimaryKeyConstraint("scope", "scope_key", "product_id", name=op.f("pk_popular")),
        schema=_S,
    )
    op.create_table(
        "homes",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_homes")),
        schema=_S,
    )
    op.create_table(
        "impressions",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("touchpoint", sa.String(length=20), nullable=False),
        sa.Column("shown_on", sa.Date(), nullable=False),
        sa.Column("shown_at", _TZ, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint(
            "member_id", "product_id", "touchpoint", "shown_on", name=op.f("pk_impressions")
        ),
        schema=_S,
    )
    op.create_index("ix_impressions_shown_on", "impressions", ["shown_on"], schema=_S)
    op.create_table(
        "marks",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_marks")),
        schema=_S,
    )


def downgrade() -> None:
    op.execute("DROP SCHEMA recommendations CASCADE")
