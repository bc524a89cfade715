"""stores.check_in: the check-in rule as a database function (one scan, one round trip)

stores/sql/check_in.sql; stores/checkins.py and touchpoints.record_scan call it.

Revision ID: e4b7c1d9a620
Revises: c816766b32c8
Create Date: 2026-12-07 17:40:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import sql_source

revision: str = "e4b7c1d9a620"
down_revision: str | None = "c816766b32c8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sql_source.load("stores", "check_in", digest="f23c4180db9d433c"))


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION stores.check_in(integer, bigint, timestamptz, timestamptz, interval,"
        " integer, bigint)"
    )
