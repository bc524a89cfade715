"""feedback keeps each member's first payment: the journey's repeat purchases from events

The journey collector read orders.orders; feedback now consumes the owners' events
(services/feedback/moments.py) and keeps what a repeat purchase needs of a member's orders.
Filled here from orders.public_orders, the owner's read view; events keep it after.

Revision ID: 6e1c9b3d7a25
Revises: 8d2f4a6c1e93
Create Date: 2026-12-07 15:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6e1c9b3d7a25"
down_revision: str | None = "8d2f4a6c1e93"
branch_labels: str | Sequence[str] | None = None
# orders.public_orders
depends_on: str | Sequence[str] | None = ("b48d8629e82d",)


def upgrade() -> None:
    op.create_table(
        "first_purchases",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_first_purchases")),
        schema="feedback",
    )
    op.execute(
        "INSERT INTO feedback.first_purchases (member_id, paid_at)"
        " SELECT member_id, min(paid_at) FROM orders.public_orders"
        " WHERE paid_at IS NOT NULL GROUP BY member_id"
    )


def downgrade() -> None:
    op.drop_table("first_purchases", schema="feedback")
