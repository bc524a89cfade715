"""orders keep the coupon they redeemed; place_order redeems it (promotions.redeem_coupon)

Revision ID: 9d4e7b1c2a60
Revises: c3f9a1e6d845
Create Date: 2026-11-29 08:40:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from services.platform import sql_source

revision: str = "9d4e7b1c2a60"
down_revision: str | None = "c3f9a1e6d845"
branch_labels: str | Sequence[str] | None = None
# place_order now calls promotions.redeem_coupon.
depends_on: str | Sequence[str] | None = ("7c0b5e2a91d4",)


def upgrade() -> None:
    op.add_column("orders", sa.Column("coupon_id", sa.BigInteger(), nullable=True), schema="orders")
    # Same signature (the coupon travels in p_order): CREATE OR REPLACE replaces it.
    op.execute(sql_source.load("orders", "place_order", digest="2e8797d64e9ee0da"))


def downgrade() -> None:
    previous = Path(__file__).with_name("20261129_order_discounts_and_points_c3f9a1e6d845.py")
    op.execute(sql_source.frozen(str(previous), "PLACE_ORDER"))
    op.drop_column("orders", "coupon_id", schema="orders")
