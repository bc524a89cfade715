"""payments publishes payments.settled; payments.public_settled_payments

One message per statement on payments or refunds that settles or changes a succeeded
payment (services/payments/sql/publish_settled.sql).

Revision ID: d203ec2e4e85
Revises: dc1fa9dd63a2
Create Date: 2026-12-07 14:40:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import publishing, sql_source

revision: str = "d203ec2e4e85"
down_revision: str | None = "dc1fa9dd63a2"
branch_labels: str | Sequence[str] | None = None
# platform.outbox, which the triggers write.
depends_on: str | Sequence[str] | None = ("6bfea2f96e4b",)


VIEWS = {
    "public_settled_payments": sql_source.load(
        "services.payments", "public_settled_payments", digest="f1b83114754f4379"
    ),
}

#: Each publishing function with the tables its statement triggers sit on.
PUBLISHERS = {
    "publish_settled": sql_source.load(
        "services.payments", "publish_settled", digest="e2b1d7e46669933e"
    ),
}

TABLES = {
    "publish_settled": ("payments.payments", "payments.refunds"),
}


PUBLISHED = publishing.Published("payments", VIEWS, PUBLISHERS, TABLES)


def upgrade() -> None:
    for statement in PUBLISHED.install():
        op.execute(statement)


def downgrade() -> None:
    for statement in PUBLISHED.remove():
        op.execute(statement)
