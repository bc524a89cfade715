"""insights: active members, new members at their home store, the payment method mix

Every grain gains a count and a sum per payment method (``pay_<method>_orders``,
``pay_<method>_fen``). ``members_seen`` keeps, per member and local day, how many
activities (paid orders, check-ins, scans) they had at each store, in each region and in
all (``-1``: every store / every region); ``active_members`` counts the members with one
per day, ISO week and month (exact; active members do not add up across days). The
members rule reads its home store from ``members_seen`` (``member_figures.sql``).

A database that already holds activity needs ``o2o insights rebuild`` after this upgrade:
the new columns and tables start empty (a row reconciled later fills its own part).

Revision ID: 3f9a7c2e5d14
Revises: ad8126a5fc88
Create Date: 2026-11-30 09:00:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from services.platform import sql_source

revision: str = "3f9a7c2e5d14"
down_revision: str | None = "ad8126a5fc88"
branch_labels: str | Sequence[str] | None = None
# The order rule reads payments.payments and payments.refunds.
depends_on: str | Sequence[str] | None = ("b42d57f02665",)

GRAINS = (
    "figures_full",
    "figures_store",
    "figures_channel",
    "figures_region",
    "figures_full_month",
    "figures_store_month",
    "figures_channel_month",
    "figures_region_month",
)
#: The figures this revision adds (frozen: later figures arrive with their own revision).
FIGURES = tuple(
    f"pay_{method}_{what}"
    for method in ("wechatpay", "card", "counter", "other")
    for what in ("orders", "fen")
)
_BEFORE = Path(__file__).with_name("20261129_insights_set_figures_b2e6d1f4a8c7.py")


def upgrade() -> None:
    for table in GRAINS:
        for figure in FIGURES:
            op.add_column(
                table,
                sa.Column(figure, sa.BigInteger(), nullable=False, server_default="0"),
                schema="insights",
            )
    op.create_table(
        "members_seen",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("member_id", "region_id", "store_id", "day"),
        schema="insights",
    )
    # A manager of several regions asks for distinct members across them (active.py).
    op.create_index(
        "ix_members_seen_region_day",
        "members_seen",
        ["region_id", "day"],
        schema="insights",
        postgresql_where=sa.text("store_id = -1 AND region_id >= 0"),
    )
    op.create_table(
        "active_members",
        sa.Column("grain", sa.String(length=8), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("members", sa.BigInteger(), nullable=False),
        sa.Column("member_days", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("grain", "region_id", "store_id", "day"),
        schema="insights",
    )
    # A ranking of every store or region reads one period's rows across levels.
    op.create_index(
        "ix_active_members_grain_day", "active_members", ["grain", "day"], schema="insights"
    )
    op.execute(sql_source.load("services.insights", "order_figures", digest="9796fa04e698d4a7"))
    op.execute(sql_source.load("services.insights", "scan_figures", digest="4bbff3e2c692dd5a"))
    op.execute(sql_source.load("services.insights", "check_in_figures", digest="177b4ec11628c5dc"))
    op.execute(sql_source.load("services.insights", "member_figures", digest="4ed9f0c74066820c"))
    op.execute(sql_source.load("services.insights", "row_figures", digest="07a42ce253c1cd83"))


def downgrade() -> None:
    for name in ("ORDER_FIGURES", "SCAN_FIGURES", "CHECK_IN_FIGURES", "ROW_FIGURES"):
        op.execute(sql_source.frozen(_BEFORE, name))
    op.execute("DROP FUNCTION insights.member_figures(members.members[])")
    op.drop_index("ix_active_members_grain_day", table_name="active_members", schema="insights")
    op.drop_table("active_members", schema="insights")
    op.drop_index("ix_members_seen_region_day", table_name="members_seen", schema="insights")
    op.drop_table("members_seen", schema="insights")
    for table in GRAINS:
        for figure in FIGURES:
            op.drop_column(table, figure, schema="insights")
