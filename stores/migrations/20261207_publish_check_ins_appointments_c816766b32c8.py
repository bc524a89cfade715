"""stores publishes check-ins and appointments; public_stores, public_check_ins, public_appointments

One message per statement per topic (stores/sql/publish_check_ins.sql,
stores/sql/publish_appointments.sql).

Revision ID: c816766b32c8
Revises: a4c7e2f91b36
Create Date: 2026-12-07 14:40:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import publishing, sql_source

revision: str = "c816766b32c8"
down_revision: str | None = "a4c7e2f91b36"
branch_labels: str | Sequence[str] | None = None
# platform.outbox, which the triggers write.
depends_on: str | Sequence[str] | None = ("6bfea2f96e4b",)


VIEWS = {
    "public_stores": sql_source.load("stores", "public_stores", digest="bfbedd95a8bb9221"),
    "public_check_ins": sql_source.load("stores", "public_check_ins", digest="eef1db45d70e25e1"),
    "public_appointments": sql_source.load(
        "stores", "public_appointments", digest="3ad250feac8be174"
    ),
}

#: Each publishing function with the tables its statement triggers sit on.
PUBLISHERS = {
    "publish_check_ins": sql_source.load("stores", "publish_check_ins", digest="163270da0bdd8e57"),
    "publish_appointments": sql_source.load(
        "stores", "publish_appointments", digest="20f4a685eb099ae0"
    ),
}

TABLES = {
    "publish_check_ins": ("stores.check_ins",),
    "publish_appointments": ("stores.appointments",),
}


PUBLISHED = publishing.Published("stores", VIEWS, PUBLISHERS, TABLES)


def upgrade() -> None:
    for statement in PUBLISHED.install():
        op.execute(statement)


def downgrade() -> None:
    for statement in PUBLISHED.remove():
        op.execute(statement)
