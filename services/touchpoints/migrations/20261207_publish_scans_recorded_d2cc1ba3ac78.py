"""touchpoints publishes touchpoints.scans_recorded; public_scans and public_touchpoints

One message per statement on touchpoints.scans (services/touchpoints/sql/publish_scans.sql).

Revision ID: d2cc1ba3ac78
Revises: c71e5b2a9d40
Create Date: 2026-12-07 14:40:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import publishing, sql_source

revision: str = "d2cc1ba3ac78"
down_revision: str | None = "c71e5b2a9d40"
branch_labels: str | Sequence[str] | None = None
# platform.outbox, which the triggers write.
depends_on: str | Sequence[str] | None = ("6bfea2f96e4b",)


VIEWS = {
    "public_touchpoints": sql_source.load(
        "services.touchpoints", "public_touchpoints", digest="e4758c2681fa09dd"
    ),
    "public_scans": sql_source.load(
        "services.touchpoints", "public_scans", digest="0d17000943eeeff3"
    ),
}

#: Each publishing function with the tables its statement triggers sit on.
PUBLISHERS = {
    "publish_scans": sql_source.load(
        "services.touchpoints", "publish_scans", digest="9567a6155ca09863"
    ),
}

TABLES = {
    "publish_scans": ("touchpoints.scans",),
}


PUBLISHED = publishing.Published("touchpoints", VIEWS, PUBLISHERS, TABLES)


def upgrade() -> None:
    for statement in PUBLISHED.install():
        op.execute(statement)


def downgrade() -> None:
    for statement in PUBLISHED.remove():
        op.execute(statement)
