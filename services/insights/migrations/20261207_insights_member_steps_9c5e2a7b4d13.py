"""insights: members' journey steps, for a funnel of distinct members

``member_steps`` keeps, per member, local day, place and step (discover, consider, buy,
fulfil, retain), how many of that step's facts they have; ``journey_figures`` names
them from the source rows' own figures. The funnel counts distinct members per step, each
step among those of the step before, so every step is a subset of the one before.

A database that already holds activity needs ``o2o insights rebuild`` after this upgrade:
the new table starts empty (a row reconciled later fills its own part).

Revision ID: 9c5e2a7b4d13
Revises: 3f9a7c2e5d14
Create Date: 2026-12-07 04:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.platform import sql_source

revision: str = "9c5e2a7b4d13"
down_revision: str | None = "3f9a7c2e5d14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_steps",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=8), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "region_id", "store_id", "touchpoint_id", "guide_id", "step", "member_id"
        ),
        schema="insights",
    )
    op.execute(sql_source.load("services.insights", "journey_figures", digest="b073d5a76596e1eb"))


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION insights.journey_figures"
        "(orders.orders[], touchpoints.scans[], stores.check_ins[])"
    )
    op.drop_table("member_steps", schema="insights")
