# ruff: noqa: E501  (the function texts below are frozen copies, byte for byte)
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

revision: str = "9c5e2a7b4d13"
down_revision: str | None = "3f9a7c2e5d14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen: the text this revision ran (the file moved on in 0b7d3e9a4c21).
JOURNEY_FIGURES = """-- Which journey steps a set of source rows gives their members, for the funnel: one
-- 'step|<step>|<member>' figure (value 1) per step, on the local day and dimensions the row's
-- own figure has. Steps are read from the rows' figures (scan_figures, check_in_figures,
-- order_figures, each called on its row alone so the member is known), so a step is counted
-- on exactly the rows, days and places its figure is: discover = a member's scan ('scans'),
-- consider = a check-in ('check_ins'), buy = a paid order ('orders'), fulfil = an order
-- collected or delivered ('fulfilled'), retain = a repeat order within 90 days
-- ('repeat_orders'). Anonymous scans name no member and give no step. The funnel counts
-- distinct members per step (services/insights/journeys.py); these are its facts.
-- Called with one source's rows and empty arrays for the others.
CREATE OR REPLACE FUNCTION insights.journey_figures(
    p_orders orders.orders[], p_scans touchpoints.scans[], p_check_ins stores.check_ins[]
)
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
WITH rows_figures AS (
    SELECT r.member_id, f.* FROM unnest(p_orders) AS r,
        LATERAL insights.order_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
    UNION ALL
    SELECT r.member_id, f.* FROM unnest(p_scans) AS r,
        LATERAL insights.scan_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
    UNION ALL
    SELECT r.member_id, f.* FROM unnest(p_check_ins) AS r,
        LATERAL insights.check_in_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
)
SELECT x.day, x.region_id, x.store_id, ''::text, x.touchpoint_id, x.guide_id,
       concat_ws('|', 'step', s.step, x.member_id::text), 1::bigint
FROM rows_figures AS x
JOIN (VALUES ('scans', 'discover'), ('check_ins', 'consider'), ('orders', 'buy'),
             ('fulfilled', 'fulfil'), ('repeat_orders', 'retain')) AS s(figure, step)
    ON s.figure = x.figure
$$;
"""


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
    op.execute(JOURNEY_FIGURES)


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION insights.journey_figures"
        "(orders.orders[], touchpoints.scans[], stores.check_ins[])"
    )
    op.drop_table("member_steps", schema="insights")
