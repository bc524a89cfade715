"""claim_answered: claim an idempotency key with its answer, or read the earlier one

Revision ID: 9d3a6c2e5f17
Revises: 6bfea2f96e4b
Create Date: 2026-11-22 18:30:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import sql_source

revision: str = "9d3a6c2e5f17"
down_revision: str | None = "6bfea2f96e4b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Reads services/platform/sql/claim_answered.sql, unchanged since this migration first ran.


def upgrade() -> None:
    op.execute(sql_source.load("services.platform", "claim_answered", digest="cf9aa6298041fb47"))


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS platform.claim_answered(text, text, text, integer, jsonb)")
