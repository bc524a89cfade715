"""catalog admin: categories, product images, price history and scheduled prices, audit

Revision ID: e5c2a9d41b77
Revises: 6a2f9c4e1d37
Create Date: 2026-11-29 08:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "e5c2a9d41b77"
down_revision: str | None = "6a2f9c4e1d37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "products",
        sa.Column(
            "image_urls",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        schema="inventory",
    )
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_categories_code")),
        schema="inventory",
    )
    # The categories products already name become rows (named after their code).
    op.execute(
        "INSERT INTO inventory.categories (code, name) "
        "SELECT DISTINCT category, initcap(category) FROM inventory.products ORDER BY 1"
    )
    op.create_table(
        "price_changes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("effective_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("price_fen > 0", name=op.f("ck_price_changes_price_positive")),
        sa.CheckConstraint(
            "status IN ('scheduled', 'applied', 'cancelled')", name=op.f("ck_price_changes_status")
        ),
        sa.CheckConstraint(
            "(status = 'applied') = (applied_at IS NOT NULL)",
            name=op.f("ck_price_changes_applied_at"),
        ),
        sa.ForeignKeyConstraint(
            ["sku_id"], ["inventory.skus.id"], name=op.f("fk_price_changes_sku_id_skus")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_changes")),
        schema="inventory",
    )
    op.create_index(
        "ix_price_changes_pending",
        "price_changes",
        ["sku_id", "effective_at"],
        unique=False,
        schema="inventory",
        postgresql_where=sa.text("status = 'scheduled'"),
    )
    op.create_index(
        "ix_price_changes_history",
        "price_changes",
        ["sku_id", "effective_at"],
        unique=False,
        schema="inventory",
    )
    # Each SKU's history starts with the price it has now (an import: it came before HQ).
    op.execute(
        "INSERT INTO inventory.price_changes "
        "(sku_id, price_fen, effective_at, status, applied_at, actor_role) "
        "SELECT id, price_fen, now(), 'applied', now(), 'import' FROM inventory.skus ORDER BY id"
    )
    op.create_table(
        "catalog_audit",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=80), nullable=True),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.CheckConstraint(
            "actor_role IN ('manager', 'import', 'schedule')",
            name=op.f("ck_catalog_audit_actor_role"),
        ),
        sa.CheckConstraint(
            "entity IN ('category', 'product', 'sku', 'price')",
            name=op.f("ck_catalog_audit_entity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_audit")),
        schema="inventory",
    )
    op.create_index(
        "ix_catalog_audit_entity",
        "catalog_audit",
        ["entity", "entity_id", "id"],
        unique=False,
        schema="inventory",
    )


def downgrade() -> None:
    op.drop_index("ix_catalog_audit_entity", table_name="catalog_audit", schema="inventory")
    op.drop_table("catalog_audit", schema="inventory")
    op.drop_index("ix_price_changes_history", table_name="price_changes", schema="inventory")
    op.drop_index("ix_price_changes_pending", table_name="price_changes", schema="inventory")
    op.drop_table("price_changes", schema="inventory")
    op.drop_table("categories", schema="inventory")
    op.drop_column("products", "image_urls", schema="inventory")
