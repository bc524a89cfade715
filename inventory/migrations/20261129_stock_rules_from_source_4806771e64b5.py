"""Stock functions from their source files: "enough stock" named once (free_units, covers,
used by take_stock), hold_stock validating its lines

Revision ID: 4806771e64b5
Revises: 2e8f4a7c9b13
Create Date: 2026-11-29 05:20:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "4806771e64b5"
down_revision: str | None = "2e8f4a7c9b13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HERE = Path(__file__)


def upgrade() -> None:
    # covers calls free_units, and SQL bodies are checked when created: this order.
    op.execute(sql_source.load("inventory", "free_units", digest="9a4fbcb7b3792727"))
    op.execute(sql_source.load("inventory", "covers", digest="cd5850d60ed43c92"))
    op.execute(sql_source.load("inventory", "take_stock", digest="c6f7d5ef19475b6a"))
    op.execute(sql_source.load("inventory", "hold_stock", digest="04837eb98bc4e130"))


def downgrade() -> None:
    take = _HERE.with_name("20261122_take_stock_function_5b7e2c91d0a4.py")
    hold = _HERE.with_name("20261122_hold_stock_function_2e8f4a7c9b13.py")
    op.execute(sql_source.frozen(take, "TAKE_STOCK"))
    op.execute(sql_source.frozen(hold, "HOLD_STOCK"))
    op.execute("DROP FUNCTION IF EXISTS inventory.covers(integer, integer, integer)")
    op.execute("DROP FUNCTION IF EXISTS inventory.free_units(integer, integer)")
