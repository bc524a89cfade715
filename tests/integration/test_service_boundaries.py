"""Ownership checked in the migrated database: what the migrations left behind.

The tree's check (tests/unit/test_service_boundaries.py) reads the code; this one reads
the catalog, where a trigger one service put on another's table, or a function body
that names another's table, lives whatever file created it.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text

from server.boundaries import KNOWN_SQL, KNOWN_TRIGGERS, by_schema
from server.boundary_checks import sql_crossings

# Triggers whose function lives in another schema than the table they fire on.
FOREIGN_TRIGGERS = text(
    """
    SELECT fn_ns.nspname AS reader, tbl_ns.nspname AS owner, c.relname AS table_name
    FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace tbl_ns ON tbl_ns.oid = c.relnamespace
    JOIN pg_proc p ON p.oid = t.tgfoid
    JOIN pg_namespace fn_ns ON fn_ns.oid = p.pronamespace
    WHERE NOT t.tgisinternal AND fn_ns.nspname <> tbl_ns.nspname
    """
)
BODIES = text(
    """
    SELECT n.nspname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ANY(:schemas)
    UNION ALL
    SELECT schemaname, definition FROM pg_views WHERE schemaname = ANY(:schemas)
    """
)


def test_no_undeclared_trigger_on_another_services_table(migrated: dict[str, str]) -> None:
    found = _rows(migrated, FOREIGN_TRIGGERS)
    assert found - KNOWN_TRIGGERS == set(), "a trigger on another service's table"
    assert KNOWN_TRIGGERS - found == set(), "fixed: take it off KNOWN_TRIGGERS"


def test_functions_and_views_name_only_declared_foreign_tables(migrated: dict[str, str]) -> None:
    found: set[tuple[str, str, str]] = set()
    bodies = _rows(migrated, BODIES, schemas=list(by_schema()))
    assert any("orders.orders" in body for _, body in bodies)  # the scan sees insights' rollups
    for schema, body in bodies:
        found |= sql_crossings(schema, body)
    assert found - KNOWN_SQL == set(), "a function or view reading another service's table"


def _rows(migrated: dict[str, str], query: object, **params: object) -> set[tuple[str, ...]]:
    engine = create_engine(migrated["database_url"])
    try:
        with engine.connect() as connection:
            return {tuple(row) for row in connection.execute(query, params)}  # type: ignore[call-overload]
    finally:
        engine.dispose()
