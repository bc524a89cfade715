"""members publishes members.joined; members.public_members

One message per statement that inserts members or corrects a join date
(services/members/sql/publish_joined.sql).

Revision ID: 88bec5434923
Revises: e4b8a1c6d92f
Create Date: 2026-12-07 14:40:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import publishing, sql_source

revision: str = "88bec5434923"
down_revision: str | None = "e4b8a1c6d92f"
branch_labels: str | Sequence[str] | None = None
# platform.outbox, which the triggers write.
depends_on: str | Sequence[str] | None = ("6bfea2f96e4b",)


VIEWS = {
    "public_members": sql_source.load(
        "services.members", "public_members", digest="3dd82bf16cff7f1d"
    ),
}

#: Each publishing function with the tables its statement triggers sit on.
PUBLISHERS = {
    "publish_joined": sql_source.load(
        "services.members", "publish_joined", digest="c16cef998b4e0d36"
    ),
}

TABLES = {
    "publish_joined": ("members.members",),
}


PUBLISHED = publishing.Published("members", VIEWS, PUBLISHERS, TABLES)


def upgrade() -> None:
    for statement in PUBLISHED.install():
        op.execute(statement)


def downgrade() -> None:
    for statement in PUBLISHED.remove():
        op.execute(statement)
