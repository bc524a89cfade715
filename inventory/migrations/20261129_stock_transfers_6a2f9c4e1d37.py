"""stock transfers between two locations: requested, in transit, received or cancelled

Revision ID: 6a2f9c4e1d37
Revises: b7c1e4d2a9f3
Create Date: 2026-11-29 08:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6a2f9c4e1d37"
down_revision: str | None = "b7c1e4d2a9f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "transfers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("from_location_id", sa.Integer(), nullable=False),
        sa.Column("to_location_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by_role", sa.String(length=16), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('requested', 'in_transit', 'received', 'cancelled')",
            name=op.f("ck_transfers_status"),
        ),
        sa.CheckConstraint(
            "from_location_id <> to_location_id", name=op.f("ck_transfers_two_locations")
        ),
        sa.CheckConstraint(
            "requested_by_role IN ('guide', 'manager')",
            name=op.f("ck_transfers_requested_by_role"),
        ),
        sa.ForeignKeyConstraint(
            ["from_location_id"],
            ["inventory.locations.id"],
            name=op.f("fk_transfers_from_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["to_location_id"],
            ["inventory.locations.id"],
            name=op.f("fk_transfers_to_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers")),
        schema="inventory",
    )
    op.create_index(
        "ix_transfers_from", "transfers", ["from_location_id", "id"], schema="inventory"
    )
    op.create_index("ix_transfers_to", "transfers", ["to_location_id", "id"], schema="inventory")
    op.create_table(
        "transfer_lines",
        sa.Column("transfer_id", sa.BigInteger(), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_transfer_lines_quantity_positive")),
        sa.CheckConstraint(
            "received >= 0 AND received <= quantity",
            name=op.f("ck_transfer_lines_received_within_sent"),
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["inventory.transfers.id"],
            name=op.f("fk_transfer_lines_transfer_id_transfers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sku_id"], ["inventory.skus.id"], name=op.f("fk_transfer_lines_sku_id_skus")
        ),
        sa.PrimaryKeyConstraint("transfer_id", "sku_id", name=op.f("pk_transfer_lines")),
        schema="inventory",
    )


def downgrade() -> None:
    op.drop_table("transfer_lines", schema="inventory")
    op.drop_index("ix_transfers_to", table_name="transfers", schema="inventory")
    op.drop_index("ix_transfers_from", table_name="transfers", schema="inventory")
    op.drop_table("transfers", schema="inventory")
