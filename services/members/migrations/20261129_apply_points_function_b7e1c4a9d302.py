"""members.apply_points: the points rule as a database function (orders spend at checkout)

Revision ID: b7e1c4a9d302
Revises: da52ccb9ba05
Create Date: 2026-11-29 08:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import sql_source

revision: str = "b7e1c4a9d302"
down_revision: str | None = "da52ccb9ba05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sql_source.load("services.members", "apply_points", digest="0056662c1fdff35f"))


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION IF EXISTS members.apply_points(bigint, integer, varchar, varchar,"
        " timestamptz)"
    )
