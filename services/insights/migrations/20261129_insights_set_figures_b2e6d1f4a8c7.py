"""insights: the rules for orders, scans and check-ins as functions over a set of rows

``o2o insights rebuild`` called row_figures once per source row (about 0.3 ms each under
load: 2,000,000 orders took most of an hour); the same rules over whole id ranges cost a
hash join and a few index probes per row. row_figures applies them to its one row.

Revision ID: b2e6d1f4a8c7
Revises: 7c41f0a2d9e3
Create Date: 2026-11-29 12:00:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "b2e6d1f4a8c7"
down_revision: str | None = "7c41f0a2d9e3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDER_FIGURES = sql_source.load("services.insights", "order_figures", digest="29cb03be3ab45e68")
SCAN_FIGURES = sql_source.load("services.insights", "scan_figures", digest="a9db33c66aa20848")
CHECK_IN_FIGURES = sql_source.load(
    "services.insights", "check_in_figures", digest="9ffd51ecb119d2ef"
)
ROW_FIGURES = sql_source.load("services.insights", "row_figures", digest="c802a6f02bf03070")
_BEFORE = Path(__file__).with_name("20261129_insights_figures_triggers_5e8b2d4f6a19.py")


def upgrade() -> None:
    op.execute(ORDER_FIGURES)
    op.execute(SCAN_FIGURES)
    op.execute(CHECK_IN_FIGURES)
    op.execute(ROW_FIGURES)


def downgrade() -> None:
    op.execute(sql_source.frozen(_BEFORE, "ROW_FIGURES"))
    op.execute("DROP FUNCTION insights.check_in_figures(stores.check_ins[])")
    op.execute("DROP FUNCTION insights.scan_figures(touchpoints.scans[])")
    op.execute("DROP FUNCTION insights.order_figures(orders.orders[])")
