"""region areas: the box a region's stores must stand in and its members live in

Revision ID: a3e91c7d5b02
Revises: 7f3c2a9e1d54
Create Date: 2026-12-07 04:20:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a3e91c7d5b02"
down_revision: str | None = "7f3c2a9e1d54"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIDES = ("area_south", "area_west", "area_north", "area_east")


def upgrade() -> None:
    for side in SIDES:
        op.add_column("regions", sa.Column(side, sa.Double(), nullable=True), schema="stores")
    op.create_check_constraint(
        op.f("ck_regions_area_whole"),
        "regions",
        "(area_south IS NULL) = (area_north IS NULL)"
        " AND (area_south IS NULL) = (area_west IS NULL)"
        " AND (area_south IS NULL) = (area_east IS NULL)",
        schema="stores",
    )
    op.create_check_constraint(
        op.f("ck_regions_area_order"),
        "regions",
        "area_south <= area_north AND area_west <= area_east",
        schema="stores",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_regions_area_order"), "regions", schema="stores")
    op.drop_constraint(op.f("ck_regions_area_whole"), "regions", schema="stores")
    for side in reversed(SIDES):
        op.drop_column("regions", side, schema="stores")
