"""place_order caps a shopper's open unpaid orders (serialised per shopper)

Revision ID: e5b2c8d1f374
Revises: a6c99d3feef5
Create Date: 2026-11-29 06:00:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "e5b2c8d1f374"
down_revision: str | None = "a6c99d3feef5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = (
    "orders.place_order(jsonb, integer, integer, integer[], integer[], text, text, text, text,"
    " text, text, text)"
)
_AFTER = (
    "orders.place_order(jsonb, integer, integer, integer[], integer[], text, text, text, text,"
    " text, text, text, integer, text[])"
)


def upgrade() -> None:
    # Two new parameters change the signature: CREATE OR REPLACE would add an overload.
    op.execute(f"DROP FUNCTION IF EXISTS {_BEFORE}")
    op.execute(sql_source.load("orders", "place_order", digest="8238b2c5b6a0ac61"))


def downgrade() -> None:
    op.execute(f"DROP FUNCTION IF EXISTS {_AFTER}")
    previous = Path(__file__).with_name("20261129_place_order_named_placement_a6c99d3feef5.py")
    op.execute(sql_source.frozen(str(previous), "PLACE_ORDER"))
