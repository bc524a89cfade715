"""touchpoints.record_scan: a whole scan (and its check-in and visit points) in one call

services/touchpoints/sql/record_scan.sql; services/touchpoints/recording.py calls it.

Revision ID: f1a8d3e5b742
Revises: d2cc1ba3ac78
Create Date: 2026-12-07 17:40:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import sql_source

revision: str = "f1a8d3e5b742"
down_revision: str | None = "d2cc1ba3ac78"
branch_labels: str | Sequence[str] | None = None
# It calls stores.check_in and members.apply_points.
depends_on: str | Sequence[str] | None = ("e4b7c1d9a620", "b7e1c4a9d302")


def upgrade() -> None:
    op.execute(sql_source.load("services.touchpoints", "record_scan", digest="9d00db652a22335e"))


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION touchpoints.record_scan(integer, varchar, integer, bigint, varchar,"
        " varchar, timestamptz, timestamptz, interval, integer)"
    )
