"""insights rollups as wide rows (a column per figure) at day and month grains

A 365-day store ranking summed ~40 long rows per store and day (three million rows);
one wide row per store and day, and whole months read from month rows, make it a few
thousand. The long rows already kept are pivoted into the new tables, not lost.

Revision ID: 7c41f0a2d9e3
Revises: 5e8b2d4f6a19
Create Date: 2026-11-29 11:45:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c41f0a2d9e3"
down_revision: str | None = "5e8b2d4f6a19"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DIMS = {
    "figures_full": ("region_id", "store_id", "channel", "touchpoint_id", "guide_id"),
    "figures_store": ("region_id", "store_id"),
    "figures_channel": ("region_id", "channel"),
    "figures_region": ("region_id",),
}
#: The figures as of this revision (frozen: later figures arrive with their own revision).
_FIGURES = (
    "orders", "gmv_fen", "units", "refunded_fen", "coupon_orders", "points_orders",
    "points_spent", "repeat_orders", "attributed_orders", "ready", "collected", "fulfilled",
    "pickup_expired", "scans", "check_ins", "appointments", "no_shows",
    "appointment_purchases", "new_members",
    *(f"paid_ready_b{b:02d}" for b in range(22)),
    *(f"ready_collected_b{b:02d}" for b in range(22)),
)  # fmt: skip


def _column(name: str) -> sa.Column[object]:
    kind = sa.String(length=20) if name == "channel" else sa.Integer()
    return sa.Column(name, kind, nullable=False)


def _create(table: str, dims: tuple[str, ...]) -> None:
    op.create_table(
        table,
        sa.Column("day", sa.Date(), nullable=False),
        *(_column(d) for d in dims),
        *(sa.Column(f, sa.BigInteger(), nullable=False, server_default="0") for f in _FIGURES),
        sa.PrimaryKeyConstraint("day", *dims),
        schema="insights",
    )


def upgrade() -> None:
    for table, dims in _DIMS.items():
        op.rename_table(table, f"{table}_long", schema="insights")
        op.execute(
            f"ALTER TABLE insights.{table}_long RENAME CONSTRAINT pk_{table} TO pk_{table}_long"
        )
        _create(table, dims)
        _create(f"{table}_month", dims)
        keys = ", ".join(dims)
        columns = ", ".join(_FIGURES)
        for target, day in ((table, "day"), (f"{table}_month", "date_trunc('month', day)::date")):
            pivot = ", ".join(
                f"coalesce(sum(value) FILTER (WHERE figure = '{f}'), 0)" for f in _FIGURES
            )
            op.execute(
                f"INSERT INTO insights.{target} (day, {keys}, {columns})"
                f" SELECT {day}, {keys}, {pivot} FROM insights.{table}_long"
                f" GROUP BY 1, {keys}"
            )
        op.drop_table(f"{table}_long", schema="insights")
    # The repeat-purchase rule looks up a member's earlier paid orders (row_figures.sql).
    op.create_index("ix_orders_member_paid_at", "orders", ["member_id", "paid_at"], schema="orders")


def downgrade() -> None:
    op.drop_index("ix_orders_member_paid_at", table_name="orders", schema="orders")
    for table, dims in _DIMS.items():
        op.drop_table(f"{table}_month", schema="insights")
        op.drop_table(table, schema="insights")
        op.create_table(
            table,
            sa.Column("day", sa.Date(), nullable=False),
            *(_column(d) for d in dims),
            sa.Column("figure", sa.String(length=40), nullable=False),
            sa.Column("value", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("day", *dims, "figure"),
            schema="insights",
        )
