"""stock ledger: every change of on-hand is a movement; delivery notes received once

Revision ID: 9d3e5b1a7f20
Revises: c41e7a2d9f08
Create Date: 2026-11-29 06:25:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "9d3e5b1a7f20"
down_revision: str | None = "c41e7a2d9f08"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "'receipt', 'sale_fulfilled', 'return_restocked', 'adjustment', 'transfer_out', "
    "'transfer_in', 'import'"
)
REASONS = "'damaged', 'lost', 'found', 'count_correction'"
SOURCES = "'order', 'delivery', 'count', 'transfer', 'import', 'manual'"


def upgrade() -> None:
    op.create_table(
        "stock_movements",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.Column("source_type", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("staff_role", sa.String(length=16), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("quantity <> 0", name=op.f("ck_stock_movements_quantity_not_zero")),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_stock_movements_kind")),
        sa.CheckConstraint(
            f"(kind = 'adjustment') = (reason IS NOT NULL) "
            f"AND (reason IS NULL OR reason IN ({REASONS}))",
            name=op.f("ck_stock_movements_reason_iff_adjustment"),
        ),
        sa.CheckConstraint(
            f"source_type IN ({SOURCES})", name=op.f("ck_stock_movements_source_type")
        ),
        sa.CheckConstraint(
            "(staff_role IS NULL) = (staff_id IS NULL) "
            "AND (staff_role IS NULL OR staff_role IN ('guide', 'manager'))",
            name=op.f("ck_stock_movements_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id", "sku_id"],
            ["inventory.stock.location_id", "inventory.stock.sku_id"],
            name=op.f("fk_stock_movements_location_id_stock"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
        schema="inventory",
    )
    op.create_index(
        "ix_stock_movements_stock",
        "stock_movements",
        ["location_id", "sku_id", "id"],
        unique=False,
        schema="inventory",
    )
    op.create_table(
        "deliveries",
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("delivery_note", sa.String(length=64), nullable=False),
        sa.Column("lines", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("staff_role", sa.String(length=16), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["inventory.locations.id"],
            name=op.f("fk_deliveries_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("location_id", "delivery_note", name=op.f("pk_deliveries")),
        schema="inventory",
    )
    # Stock already on the shelves opens the ledger, so on-hand = sum(movements) from here on.
    op.execute(
        """
        INSERT INTO inventory.stock_movements (location_id, sku_id, quantity, kind, source_type,
                                               source_id)
        SELECT location_id, sku_id, on_hand, 'import', 'import', 'opening-balance'
          FROM inventory.stock WHERE on_hand <> 0
        """
    )


def downgrade() -> None:
    op.drop_table("deliveries", schema="inventory")
    op.drop_index("ix_stock_movements_stock", table_name="stock_movements", schema="inventory")
    op.drop_table("stock_movements", schema="inventory")
