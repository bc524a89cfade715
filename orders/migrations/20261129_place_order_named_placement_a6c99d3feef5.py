"""place_order from its source file: named arguments, the new order as one jsonb, and a
result type orders owns (orders.placement)

Revision ID: a6c99d3feef5
Revises: 8b5e2f6a1c94
Create Date: 2026-11-29 05:20:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "a6c99d3feef5"
down_revision: str | None = "8b5e2f6a1c94"
branch_labels: str | Sequence[str] | None = None
# The other services' functions as place_order now calls them (hold_stock validating,
# start_payment answering jsonb).
depends_on: str | Sequence[str] | None = ("4806771e64b5", "dc1fa9dd63a2")

_OLD_SIGNATURE = (
    "orders.place_order(text, text, text, jsonb, text, integer, text, integer, integer, jsonb,"
    " integer, text, integer, integer, timestamptz, timestamptz, jsonb, integer[], integer[],"
    " text, text, text, text)"
)
_NEW_SIGNATURE = (
    "orders.place_order(jsonb, integer, integer, integer[], integer[], text, text, text, text,"
    " text, text, text)"
)
_PLACEMENT = """
CREATE TYPE orders.placement AS (
    replayed boolean, request_hash text, status_code integer, response jsonb, payment jsonb
)
"""


def upgrade() -> None:
    op.execute(f"DROP FUNCTION IF EXISTS {_OLD_SIGNATURE}")
    op.execute(_PLACEMENT)
    # A new order has no pickup code yet; the table says so, not each writer.
    for column in ("pickup_code_version", "pickup_code_failures"):
        op.alter_column("orders", column, server_default="0", schema="orders")
    op.execute(sql_source.load("orders", "place_order", digest="447fc9a995180102"))


def downgrade() -> None:
    op.execute(f"DROP FUNCTION IF EXISTS {_NEW_SIGNATURE}")
    op.execute("DROP TYPE IF EXISTS orders.placement")
    for column in ("pickup_code_version", "pickup_code_failures"):
        op.alter_column("orders", column, server_default=None, schema="orders")
    previous = Path(__file__).with_name("20261122_place_order_function_8b5e2f6a1c94.py")
    op.execute(sql_source.frozen(str(previous), "PLACE_ORDER"))
