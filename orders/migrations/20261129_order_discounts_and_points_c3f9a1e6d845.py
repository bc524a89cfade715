"""orders keep their price: subtotal, coupon and points discounts per order and line,
points spent, earned and given back; place_order spends the points

Revision ID: c3f9a1e6d845
Revises: e5b2c8d1f374
Create Date: 2026-11-29 08:05:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from services.platform import sql_source

revision: str = "c3f9a1e6d845"
down_revision: str | None = "e5b2c8d1f374"
branch_labels: str | Sequence[str] | None = None
# place_order now calls members.apply_points.
depends_on: str | Sequence[str] | None = ("b7e1c4a9d302",)

_ORDER_COUNTS = (
    "coupon_discount_fen",
    "points_spent",
    "points_discount_fen",
    "points_earned",
    "points_returned",
)
_LINE_COUNTS = ("coupon_discount_fen", "points_discount_fen")


def upgrade() -> None:
    # Orders placed before discounts existed paid their subtotal: zeros, subtotal = total.
    for name in _ORDER_COUNTS:
        op.add_column("orders", sa.Column(name, sa.Integer(), server_default="0"), schema="orders")
    op.add_column("orders", sa.Column("subtotal_fen", sa.Integer()), schema="orders")
    op.execute("UPDATE orders.orders SET subtotal_fen = total_fen")
    for name in (*_ORDER_COUNTS, "subtotal_fen"):
        op.alter_column("orders", name, nullable=False, server_default=None, schema="orders")
    for name in _LINE_COUNTS:
        op.add_column(
            "order_lines", sa.Column(name, sa.Integer(), server_default="0"), schema="orders"
        )
        op.alter_column("order_lines", name, nullable=False, server_default=None, schema="orders")
    op.create_check_constraint(
        op.f("ck_orders_discounts_add_up"),
        "orders",
        "subtotal_fen = total_fen + coupon_discount_fen + points_discount_fen",
        schema="orders",
    )
    op.create_check_constraint(
        op.f("ck_orders_discounts_non_negative"),
        "orders",
        "coupon_discount_fen >= 0 AND points_discount_fen >= 0 AND points_earned >= 0",
        schema="orders",
    )
    op.create_check_constraint(
        op.f("ck_orders_points_returned"),
        "orders",
        "points_returned BETWEEN 0 AND points_spent",
        schema="orders",
    )
    op.create_check_constraint(
        op.f("ck_order_lines_discounts_within_line"),
        "order_lines",
        "coupon_discount_fen >= 0 AND points_discount_fen >= 0"
        " AND coupon_discount_fen + points_discount_fen <= unit_price_fen * quantity",
        schema="orders",
    )
    op.execute(sql_source.load("orders", "place_order", digest="eb80aed853cd238e"))


def downgrade() -> None:
    previous = Path(__file__).with_name("20261129_place_order_open_orders_cap_e5b2c8d1f374.py")
    op.execute(sql_source.frozen(str(previous), "PLACE_ORDER"))
    for name in ("discounts_add_up", "discounts_non_negative", "points_returned"):
        op.drop_constraint(op.f(f"ck_orders_{name}"), "orders", schema="orders")
    op.drop_constraint(op.f("ck_order_lines_discounts_within_line"), "order_lines", schema="orders")
    for name in _LINE_COUNTS:
        op.drop_column("order_lines", name, schema="orders")
    for name in ("subtotal_fen", *_ORDER_COUNTS):
        op.drop_column("orders", name, schema="orders")
