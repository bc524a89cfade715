"""start_payment answers payments' public read (jsonb), not its table's row type

Revision ID: dc1fa9dd63a2
Revises: 4a1b7d3e8c26
Create Date: 2026-11-29 05:20:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "dc1fa9dd63a2"
down_revision: str | None = "4a1b7d3e8c26"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DROP = (
    "DROP FUNCTION IF EXISTS payments.start_payment"
    "(text, integer, text, integer, text, text, text, text)"
)


def upgrade() -> None:
    op.execute(_DROP)  # its return type changes: CREATE OR REPLACE cannot do that
    op.execute(sql_source.load("services.payments", "start_payment", digest="37f17048c0be278a"))


def downgrade() -> None:
    op.execute(_DROP)
    previous = Path(__file__).with_name("20261122_start_payment_function_4a1b7d3e8c26.py")
    op.execute(sql_source.frozen(str(previous), "START_PAYMENT"))
