# ruff: noqa: E501  (the function text below is a frozen copy, byte for byte)
"""insights keeps its own copies of the owners' rows, filled from their events

Insights stops triggering on and reading other services' tables (issue 23): the
statement triggers on orders, order lines, scans, check-ins, appointments and members and
their function ``rows_changed`` go; the figure rules read insights' copies instead
(``insights.orders``, ``payments``, ``scans``, ``check_ins``, ``appointments``,
``members``, and ``stores`` for a store's region and clock), which the consumer keeps from
the owners' events (services/insights/copies.py). What ``counted`` holds per source row is
kept, under the copy's name, and the copies start as the owners' public views show their
rows now (the owners publish from the revisions this one depends on), so the rollups need
no rebuild.

Revision ID: 0b7d3e9a4c21
Revises: 9c5e2a7b4d13
Create Date: 2026-12-07 14:45:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from services.platform import sql_source

revision: str = "0b7d3e9a4c21"
down_revision: str | None = "9c5e2a7b4d13"
branch_labels: str | Sequence[str] | None = None
# The owners' events and public views: orders, members, payments, touchpoints, stores.
depends_on: str | Sequence[str] | None = (
    "b48d8629e82d",
    "88bec5434923",
    "d203ec2e4e85",
    "d2cc1ba3ac78",
    "c816766b32c8",
)

#: The owners' tables the triggers sat on (order lines named their order).
TABLES = (
    "orders.orders",
    "orders.order_lines",
    "touchpoints.scans",
    "stores.check_ins",
    "stores.appointments",
    "members.members",
)
_TRIGGERS = ("insights_rows_inserted", "insights_rows_updated", "insights_rows_deleted")
#: ``counted.source``: the owner's table before, the copy now.
RENAMED = {
    "orders.orders": "insights.orders",
    "touchpoints.scans": "insights.scans",
    "stores.check_ins": "insights.check_ins",
    "stores.appointments": "insights.appointments",
    "members.members": "insights.members",
}
#: The rules over a set of rows, with the row types they took before.
_SET_RULES = {
    "order_figures": "orders.orders[]",
    "scan_figures": "touchpoints.scans[]",
    "check_in_figures": "stores.check_ins[]",
    "member_figures": "members.members[]",
}
# Frozen: the text this revision ran (the file moved on in 5d2a8c1e7b94).
JOURNEY_FIGURES = """-- Which journey steps a set of source rows gives their members, for the funnel: one
-- 'step|<step>|<member>' figure (value 1) per step, on the local day and dimensions the row's
-- own figure has. Steps are read from the rows' figures (scan_figures, check_in_figures,
-- order_figures, each called on its row alone so the member is known), so a step is counted
-- on exactly the rows, days and places its figure is: discover = a member's scan ('scans'),
-- consider = a check-in ('check_ins'), buy = a paid order ('orders'), fulfil = an order
-- collected or delivered ('fulfilled'), retain = a repeat order within 90 days
-- ('repeat_orders'). Anonymous scans name no member and give no step. The funnel counts
-- distinct members per step (services/insights/journeys.py); these are its facts.
-- Called with one source's rows and empty arrays for the others.
CREATE OR REPLACE FUNCTION insights.journey_figures(
    p_orders insights.orders[], p_scans insights.scans[], p_check_ins insights.check_ins[]
)
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
WITH rows_figures AS (
    SELECT r.member_id, f.* FROM unnest(p_orders) AS r,
        LATERAL insights.order_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
    UNION ALL
    SELECT r.member_id, f.* FROM unnest(p_scans) AS r,
        LATERAL insights.scan_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
    UNION ALL
    SELECT r.member_id, f.* FROM unnest(p_check_ins) AS r,
        LATERAL insights.check_in_figures(ARRAY[r]) AS f
    WHERE r.member_id IS NOT NULL
)
SELECT x.day, x.region_id, x.store_id, ''::text, x.touchpoint_id, x.guide_id,
       concat_ws('|', 'step', s.step, x.member_id::text), 1::bigint
FROM rows_figures AS x
JOIN (VALUES ('scans', 'discover'), ('check_ins', 'consider'), ('orders', 'buy'),
             ('fulfilled', 'fulfil'), ('repeat_orders', 'retain')) AS s(figure, step)
    ON s.figure = x.figure
$$;
"""
_JOURNEY_BEFORE = "(orders.orders[], touchpoints.scans[], stores.check_ins[])"
_JOURNEY_NOW = "(insights.orders[], insights.scans[], insights.check_ins[])"
_HERE = Path(__file__).parent
_ROWS_CHANGED = _HERE / "20261129_insights_rows_changed_ad8126a5fc88.py"
_MEMBERS_PAYMENTS = _HERE / "20261130_insights_members_payments_3f9a7c2e5d14.py"
_MEMBER_STEPS = _HERE / "20261207_insights_member_steps_9c5e2a7b4d13.py"


def _copy(name: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("gone", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id"),
        schema="insights",
    )


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def _int(name: str, kind: type[sa.types.TypeEngine[int]] = sa.Integer) -> sa.Column[object]:
    return sa.Column(name, kind(), nullable=True)


def _str(name: str, length: int) -> sa.Column[object]:
    return sa.Column(name, sa.String(length=length), nullable=True)


def _create_copies() -> None:
    _copy(
        "orders",
        _str("number", 40),
        _int("member_id", sa.BigInteger),
        _str("status", 30),
        _int("store_id"),
        _str("channel", 30),
        _int("touchpoint_id"),
        _int("guide_id"),
        _int("total_fen", sa.BigInteger),
        _int("refunded_fen", sa.BigInteger),
        _int("coupon_id"),
        _int("points_spent"),
        _int("units"),
        _at("paid_at"),
        _at("ready_at"),
        _at("closed_at"),
    )
    op.create_index("ix_orders_number", "orders", ["number"], schema="insights")
    op.create_index(
        "ix_orders_member_paid_at", "orders", ["member_id", "paid_at"], schema="insights"
    )
    _copy(
        "payments",
        _str("order_ref", 40),
        _int("attempt"),
        _str("gateway", 30),
        _str("status", 20),
        sa.Column("paid_twice", sa.Boolean(), nullable=True),
    )
    op.create_index("ix_payments_order_ref", "payments", ["order_ref"], schema="insights")
    _copy(
        "scans",
        _int("touchpoint_id"),
        _int("member_id", sa.BigInteger),
        _at("scanned_at"),
        _int("region_id"),
        _int("store_id"),
        _int("guide_id"),
    )
    _copy(
        "check_ins",
        _int("store_id"),
        _int("member_id", sa.BigInteger),
        _int("touchpoint_id"),
        _at("checked_in_at"),
    )
    _copy(
        "appointments",
        _int("store_id"),
        _int("guide_id"),
        _int("member_id", sa.BigInteger),
        _str("status", 20),
        _at("starts_at"),
        _str("order_number", 40),
    )
    _copy("members", _at("joined_at"))
    op.create_table(
        "stores",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        schema="insights",
    )


#: Each copy, the owner's view it starts from, and the columns it keeps (frozen here:
#: services/insights/copies.py may move on).
_FILLS = {
    "orders": (
        "orders.public_orders",
        "number, member_id, status, store_id, channel, touchpoint_id, guide_id, total_fen,"
        " refunded_fen, coupon_id, points_spent, units, paid_at, ready_at, closed_at",
    ),
    "payments": (
        "payments.public_settled_payments",
        "order_ref, attempt, gateway, status, paid_twice",
    ),
    "scans": (
        "touchpoints.public_scans",
        "touchpoint_id, member_id, scanned_at, region_id, store_id, guide_id",
    ),
    "check_ins": ("stores.public_check_ins", "store_id, member_id, touchpoint_id, checked_in_at"),
    "appointments": (
        "stores.public_appointments",
        "store_id, guide_id, member_id, status, starts_at, order_number",
    ),
    "members": ("members.public_members", "joined_at"),
}


def _fill_copies() -> None:
    op.execute(
        "INSERT INTO insights.stores (id, region_id, timezone)"
        " SELECT id, region_id, timezone FROM stores.public_stores"
    )
    for table, (view, columns) in _FILLS.items():
        op.execute(
            f"INSERT INTO insights.{table} (id, message_id, gone, {columns})"
            f" SELECT id, 0, false, {columns} FROM {view}"
        )


def _rename_counted(names: dict[str, str]) -> None:
    for before, now in names.items():
        op.execute(
            sa.text("UPDATE insights.counted SET source = :now WHERE source = :before").bindparams(
                now=now, before=before
            )
        )


def upgrade() -> None:
    for table in TABLES:
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER {trigger} ON {table}")
    op.execute("DROP FUNCTION insights.rows_changed()")
    _create_copies()
    op.execute(f"DROP FUNCTION insights.journey_figures{_JOURNEY_BEFORE}")
    # row_figures calls the set rules: give it a body that names none before they go.
    op.execute(
        "CREATE OR REPLACE FUNCTION insights.row_figures(source text, r jsonb)"
        " RETURNS TABLE (day date, region_id integer, store_id integer, channel text,"
        " touchpoint_id integer, guide_id integer, figure text, value bigint)"
        " LANGUAGE sql STABLE AS $$ SELECT NULL::date, 0, 0, '', 0, 0, '', 0::bigint"
        " WHERE false $$"
    )
    for name, before in _SET_RULES.items():
        op.execute(f"DROP FUNCTION insights.{name}({before})")
    op.execute(sql_source.load("services.insights", "order_figures", digest="4434ea1fe4e527a1"))
    op.execute(sql_source.load("services.insights", "scan_figures", digest="e62b0e4ebff2183e"))
    op.execute(sql_source.load("services.insights", "check_in_figures", digest="a7932839d9986232"))
    op.execute(sql_source.load("services.insights", "member_figures", digest="704186f7f78e5d8d"))
    op.execute(JOURNEY_FIGURES)
    op.execute(sql_source.load("services.insights", "row_figures", digest="4dde9fe6ab2e6a03"))
    _rename_counted(RENAMED)
    _fill_copies()


def downgrade() -> None:
    _rename_counted({now: before for before, now in RENAMED.items()})
    op.execute(f"DROP FUNCTION insights.journey_figures{_JOURNEY_NOW}")
    for name in ("ORDER_FIGURES", "SCAN_FIGURES", "CHECK_IN_FIGURES", "MEMBER_FIGURES"):
        op.execute(sql_source.frozen(_MEMBERS_PAYMENTS, name))
    op.execute(sql_source.frozen(_MEMBERS_PAYMENTS, "ROW_FIGURES"))
    op.execute(sql_source.frozen(_MEMBER_STEPS, "JOURNEY_FIGURES"))
    for name in _SET_RULES:
        op.execute(f"DROP FUNCTION insights.{name}(insights.{name.split('_figures')[0]}s[])")
    for table in ("orders", "payments", "scans", "check_ins", "appointments", "members", "stores"):
        op.drop_table(table, schema="insights")
    op.execute(sql_source.frozen(_ROWS_CHANGED, "ROWS_CHANGED"))
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER insights_rows_inserted AFTER INSERT ON {table}"
            " REFERENCING NEW TABLE AS new_rows"
            " FOR EACH STATEMENT EXECUTE FUNCTION insights.rows_changed()"
        )
        op.execute(
            f"CREATE TRIGGER insights_rows_updated AFTER UPDATE ON {table}"
            " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
            " FOR EACH STATEMENT EXECUTE FUNCTION insights.rows_changed()"
        )
        op.execute(
            f"CREATE TRIGGER insights_rows_deleted AFTER DELETE ON {table}"
            " REFERENCING OLD TABLE AS old_rows"
            " FOR EACH STATEMENT EXECUTE FUNCTION insights.rows_changed()"
        )
