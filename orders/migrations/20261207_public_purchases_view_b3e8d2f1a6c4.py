"""orders.public_purchases: paid order lines, the read-only view other services may read

Revision ID: b3e8d2f1a6c4
Revises: 7f3d2b8e4c61
Create Date: 2026-12-07 04:20:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b3e8d2f1a6c4"
down_revision: str | None = "7f3d2b8e4c61"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Owned and declared by orders (orders/client.py, PUBLIC_PURCHASES): a purchase is a line
# of an order whose money the brand holds (``orders.states.MONEY_HELD``: not cancelled,
# expired or refunded). Readers in bulk (recommendations' training) read this view, never
# the tables, so orders may change its tables as long as the view keeps these columns.
_VIEW = """
CREATE VIEW orders.public_purchases AS
SELECT o.id AS order_id, o.member_id, o.store_id, o.channel, o.touchpoint_id,
       l.sku_id, l.quantity, o.paid_at
FROM orders.orders o
JOIN orders.order_lines l ON l.order_id = o.id
WHERE o.paid_at IS NOT NULL
  AND o.status IN ('paid', 'preparing', 'ready_for_pickup', 'picked_up', 'shipped', 'delivered')
"""


def upgrade() -> None:
    op.execute(_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW orders.public_purchases")
