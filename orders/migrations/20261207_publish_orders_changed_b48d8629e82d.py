"""orders publishes orders.changed from its own statement triggers; orders.public_orders

One message per statement (orders/sql/publish_changes.sql); a placement publishes once,
from its lines (place_order sets o2o.placing around the order and lines inserts).

Revision ID: b48d8629e82d
Revises: b3e8d2f1a6c4
Create Date: 2026-12-07 14:40:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import publishing, sql_source

revision: str = "b48d8629e82d"
down_revision: str | None = "b3e8d2f1a6c4"
branch_labels: str | Sequence[str] | None = None
# platform.outbox, which the triggers write.
depends_on: str | Sequence[str] | None = ("6bfea2f96e4b",)


VIEWS = {
    "public_orders": sql_source.load("orders", "public_orders", digest="e276ff23b76ef913"),
}

#: Each publishing function with the tables its statement triggers sit on.
PUBLISHERS = {
    "publish_changes": sql_source.load("orders", "publish_changes", digest="16cc3e8d71ddd1ae"),
}

TABLES = {
    "publish_changes": ("orders.orders", "orders.order_lines"),
}


PUBLISHED = publishing.Published("orders", VIEWS, PUBLISHERS, TABLES)


def upgrade() -> None:
    for statement in PUBLISHED.install():
        op.execute(statement)
    op.execute(sql_source.load("orders", "place_order", digest="02979cc69133dac3"))


def downgrade() -> None:
    previous = Path(__file__).with_name(
        "20261129_order_coupon_redeemed_in_place_order_9d4e7b1c2a60.py"
    )
    op.execute(sql_source.frozen(previous, "PLACE_ORDER"))
    for statement in PUBLISHED.remove():
        op.execute(statement)
