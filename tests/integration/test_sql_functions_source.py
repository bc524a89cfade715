"""Every database function and view is its source file: the database runs exactly that text.

Each ``<service>/sql/<name>.sql`` is executed in a transaction that is rolled back, and
PostgreSQL's own ``pg_get_functiondef`` of the function before and after must match: a
body, signature or return type edited without a migration fails here (a changed return
type or signature even fails to create in place, or adds an overload, and is caught too).
"""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from services.platform import sql_source
from services.platform.sql_source import SourceChanged

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("inventory", "orders", "stores", "services")
SOURCES = sorted(p for top in PACKAGES for p in (ROOT / top).glob("**/sql/*.sql"))
_HEADER = re.compile(r"CREATE OR REPLACE (FUNCTION|VIEW) (\w+)\.(\w+)[( ]")
_READS = re.compile(r'sql_source\.load\(\s*"([\w.]+)",\s*"(\w+)"')


def _dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


def _definitions(
    cursor: psycopg.Cursor[tuple[str]], kind: str, schema: str, name: str
) -> list[str]:
    if kind == "VIEW":  # a public read view (server/boundaries.py public_sql)
        cursor.execute(
            "SELECT pg_get_viewdef(c.oid) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relname = %s AND c.relkind = 'v'",
            (schema, name),
        )
        return [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT pg_get_functiondef(p.oid) FROM pg_proc p"
        " JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = %s AND p.proname = %s ORDER BY p.oid",
        (schema, name),
    )
    return [row[0] for row in cursor.fetchall()]


def _package(source: Path) -> str:
    return ".".join(source.relative_to(ROOT).parent.parent.parts)


def test_every_service_keeps_its_functions_as_sources() -> None:
    names = {source.stem for source in SOURCES}
    assert {"take_stock", "hold_stock", "claim_answered", "start_payment", "place_order"} <= names


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_migrated_function_is_its_source(migrated: dict[str, str], source: Path) -> None:
    text = source.read_text()
    found = _HEADER.findall(text)
    assert len(found) == 1, "one CREATE OR REPLACE FUNCTION (or VIEW) per file"
    kind, schema, name = found[0]
    assert name == source.stem
    # A service's functions live in its own schema: inventory/sql -> inventory.
    assert schema == _package(source).split(".")[-1]
    with psycopg.connect(_dsn(migrated["database_url"])) as connection, connection.cursor() as cur:
        migrated_defs = _definitions(cur, kind, schema, name)
        assert len(migrated_defs) == 1, f"{schema}.{name} missing or overloaded"
        cur.execute(text)
        assert _definitions(cur, kind, schema, name) == migrated_defs, (
            f"{source.relative_to(ROOT)} differs from the migrated {schema}.{name}:"
            " add a migration that re-creates it from the file"
        )
        connection.rollback()


def test_one_migration_reads_each_source() -> None:
    """The newest migration reads the file; older ones keep the text they ran."""
    readers: dict[tuple[str, str], list[str]] = {}
    for migration in sorted(ROOT.glob("**/migrations/*.py")):
        if ".venv" in migration.parts:
            continue
        for package, name in _READS.findall(migration.read_text()):
            readers.setdefault((package, name), []).append(migration.name)
    expected = {(_package(source), source.stem) for source in SOURCES}
    assert set(readers) == expected
    assert all(len(files) == 1 for files in readers.values()), readers


def test_an_edited_source_stops_its_migration() -> None:
    """Editing a file its migration pins (without a new migration) fails loudly, not drifts."""
    with pytest.raises(SourceChanged, match=r"inventory/sql/take_stock\.sql changed"):
        sql_source.load("inventory", "take_stock", digest="0000000000000000")


def test_stock_rule_is_inlined_into_take_stock_plan(migrated: dict[str, str]) -> None:
    """``inventory.covers`` costs the hot UPDATE nothing: the planner inlines it (and
    ``free_units``), so the plan filters on the expression, calling no function."""
    with psycopg.connect(_dsn(migrated["database_url"])) as connection, connection.cursor() as cur:
        cur.execute(
            "EXPLAIN VERBOSE UPDATE inventory.stock SET reserved = reserved + 1"
            " WHERE location_id = 1 AND sku_id = 1 AND inventory.covers(on_hand, reserved, 1)"
        )
        plan = "\n".join(row[0] for row in cur.fetchall())
        connection.rollback()
    assert "GREATEST(COALESCE((stock.on_hand - stock.reserved), 0), 0) >= 1" in plan, plan
    assert "covers" not in plan and "free_units" not in plan, plan
