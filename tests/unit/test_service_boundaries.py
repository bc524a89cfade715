"""Ownership checked on the tree: imports between services and SQL across schemas.

Each check first proves it can fail (a planted import, a planted query), then holds the
tree to the declared crossings in server/boundaries.py: a new one fails, a fixed one
must leave the list.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

from server.boundaries import KNOWN_SQL, SERVICES
from server.boundary_checks import (
    import_crossings,
    service_cycles,
    sql_crossings,
    sql_in_python,
    tree_sql_crossings,
)
from server.import_contract import new_crossings, stale_known

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "server", "mini_program_api", "tablet_api", "manager_api",
    "orders", "inventory", "stores", "services",
)  # fmt: skip


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES)


def test_the_tree_has_only_the_declared_import_crossings(graph: grimp.ImportGraph) -> None:
    crossings = import_crossings(graph)
    assert new_crossings(crossings) == []
    assert stale_known(crossings) == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("services.insights.handlers", "orders.models"),
        ("services.insights.handlers", "inventory.models"),
        ("services.insights.handlers", "services.members.points"),
        ("services.touchpoints.qr", "inventory.availability"),
        ("mini_program_api.orders", "services.payments.models"),
        ("services.platform.uow", "orders.client"),
    ],
)
def test_a_planted_foreign_import_is_found(
    graph: grimp.ImportGraph, importer: str, imported: str
) -> None:
    graph.add_import(importer=importer, imported=imported)
    try:
        assert [(importer, imported)] == [
            (a, b) for a, b, _ in new_crossings(import_crossings(graph))
        ]
    finally:
        graph.remove_import(importer=importer, imported=imported)


def test_public_modules_and_front_doors_pass(graph: grimp.ImportGraph) -> None:
    graph.add_import(importer="services.insights.handlers", imported="orders.client")
    graph.add_import(importer="manager_api.insights", imported="orders.placing")
    try:
        assert new_crossings(import_crossings(graph)) == []
    finally:
        graph.remove_import(importer="services.insights.handlers", imported="orders.client")
        graph.remove_import(importer="manager_api.insights", imported="orders.placing")


def test_no_import_cycle_spans_two_services(graph: grimp.ImportGraph) -> None:
    assert service_cycles(graph) == []


def test_stores_never_imports_inventory(graph: grimp.ImportGraph) -> None:
    # Not even inside a function: try-on holds reach inventory through the port that
    # server.wiring binds (grimp reads function-level imports too).
    direct = {
        (importer, imported)
        for importer in graph.find_descendants("stores")
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported == "inventory" or imported.startswith("inventory.")
    }
    assert direct == set()


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        # The cycle that was: try-on holds calling inventory's client, which calls stores'.
        ("stores.appointments.try_on", "inventory.client"),
        ("stores.client", "inventory.client"),
        ("services.members.client", "services.campaigns.service"),
    ],
)
def test_a_planted_cycle_across_services_is_found(
    graph: grimp.ImportGraph, importer: str, imported: str
) -> None:
    graph.add_import(importer=importer, imported=imported)
    try:
        [cycle] = service_cycles(graph)
        assert importer in cycle and imported in cycle
    finally:
        graph.remove_import(importer=importer, imported=imported)


def test_every_service_schema_is_declared_once() -> None:
    from server.manifests import SERVICE_SCHEMAS

    schemas = [service.schema for service in SERVICES]
    assert len(schemas) == len(set(schemas))
    assert {*schemas, "platform"} == set(SERVICE_SCHEMAS)
    for service in SERVICES:
        assert (ROOT / service.package.replace(".", "/") / "__init__.py").exists()


def _code_files() -> list[Path]:
    found: list[Path] = []
    for package in PACKAGES:
        found += (ROOT / package).rglob("*.py")
        found += (ROOT / package).rglob("*.sql")
    return found


def test_the_tree_names_only_the_declared_foreign_tables() -> None:
    found = tree_sql_crossings(ROOT, _code_files())
    assert found - KNOWN_SQL == set(), "a new query of another service's table"
    assert KNOWN_SQL - found == set(), "fixed: take it off KNOWN_SQL"


def test_a_planted_foreign_table_is_found() -> None:
    planted = '''
def figures(session):
    """Reads orders.orders (a docstring is not SQL)."""
    return session.execute(text("SELECT count(*) FROM orders.orders JOIN stores.stores ON true"))
'''
    chunks = list(sql_in_python(planted))
    assert len(chunks) == 1
    assert sql_crossings("touchpoints", chunks[0]) == {
        ("touchpoints", "orders", "orders"),
        ("touchpoints", "stores", "stores"),
    }


def test_public_functions_own_tables_and_comments_pass() -> None:
    sql = """
    -- reads stores.stores in a comment only
    SELECT orders.place_order($1), inventory.hold_stock($2) FROM touchpoints.scans
    """
    assert sql_crossings("touchpoints", sql) == set()
    assert sql_crossings("orders", "SELECT 1 FROM inventory.stock_levels") == {
        ("orders", "inventory", "stock_levels")
    }
