"""insights figures function and the change triggers that publish each source row's part

Revision ID: 5e8b2d4f6a19
Revises: c3d9e1a7f5b2
Create Date: 2026-11-29 09:35:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import sql_source

revision: str = "5e8b2d4f6a19"
down_revision: str | None = "c3d9e1a7f5b2"
branch_labels: str | Sequence[str] | None = None
# The tables the triggers sit on (orders already depends on members and the outbox;
# naming a dependency twice trips Alembic).
depends_on: str | Sequence[str] | None = (
    "4b7e2c9d1a35",
    "5d7a2c91e4b0",
    "ae520e86b1a8",
)

ROW_FIGURES = sql_source.load("services.insights", "row_figures", digest="b150e99c6fd8ee9a")
FIGURES_CHANGED = sql_source.load("services.insights", "figures_changed", digest="14a9c38d73de756f")
#: The tables whose rows the figures come from (orders.order_lines: units of a paid order).
SOURCES = (
    "orders.orders",
    "orders.order_lines",
    "touchpoints.scans",
    "stores.check_ins",
    "stores.appointments",
    "members.members",
)


def upgrade() -> None:
    op.execute(ROW_FIGURES)
    op.execute(FIGURES_CHANGED)
    for source in SOURCES:
        op.execute(
            f"CREATE TRIGGER insights_figures AFTER INSERT OR UPDATE OR DELETE ON {source}"
            " FOR EACH ROW EXECUTE FUNCTION insights.figures_changed()"
        )


def downgrade() -> None:
    for source in SOURCES:
        op.execute(f"DROP TRIGGER IF EXISTS insights_figures ON {source}")
    op.execute("DROP FUNCTION insights.figures_changed()")
    op.execute("DROP FUNCTION insights.row_figures(text, jsonb)")
