"""move_stock locks its rows in a statement of its own, then judges and writes on what
it locked (a race let a change judged on an older row version break the stock rule)

Revision ID: 5c9e1f7a3b28
Revises: 3f8a1c6e2b90
Create Date: 2026-11-29 12:20:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "5c9e1f7a3b28"
down_revision: str | None = "3f8a1c6e2b90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sql_source.load("inventory", "move_stock", digest="37f8e7ca58d7f0e6"))


def downgrade() -> None:
    previous = Path(__file__).with_name("20261129_move_stock_function_e2a8c5f1b3d7.py")
    op.execute(sql_source.frozen(str(previous), "MOVE_STOCK"))
