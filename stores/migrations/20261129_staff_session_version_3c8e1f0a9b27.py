"""staff session version: a per-guide and per-manager counter carried in their tokens

Bumping it (logout, password change, deactivation, a manager's regions changing)
ends every session issued before.

Revision ID: 3c8e1f0a9b27
Revises: b76a5224a6f5
Create Date: 2026-11-29 05:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3c8e1f0a9b27"
down_revision: str | None = "b76a5224a6f5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("guides", "managers"):
        op.add_column(
            table,
            sa.Column("session_version", sa.Integer(), server_default="1", nullable=False),
            schema="stores",
        )


def downgrade() -> None:
    for table in ("guides", "managers"):
        op.drop_column(table, "session_version", schema="stores")
