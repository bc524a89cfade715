"""The stock ledger's one write as a database function (move_stock) and its rule
(stock_refusal): one set-based implementation for a sale and a 300,000-line ERP feed alike

Revision ID: e2a8c5f1b3d7
Revises: e5c2a9d41b77
Create Date: 2026-11-29 08:15:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import sql_source

revision: str = "e2a8c5f1b3d7"
down_revision: str | None = "e5c2a9d41b77"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # move_stock calls stock_refusal, and SQL bodies are checked when created: this order.
    op.execute(sql_source.load("inventory", "stock_refusal", digest="535f01fb0cdd8211"))
    op.execute(sql_source.load("inventory", "move_stock", digest="9cb7a241896cc9e5"))


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION inventory.move_stock(integer[], integer[], integer[], integer[], text[],"
        " boolean, text, text, text, text, integer)"
    )
    op.execute("DROP FUNCTION inventory.stock_refusal(integer, integer, integer, integer)")
