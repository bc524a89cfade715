"""The checks behind ``server.boundaries``: imports between services and SQL across schemas.

Pure functions over an import graph or over text, so a test can plant a violation and
see it found (a check that never fails proves nothing).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from server.boundaries import (
    COMPOSITION_ROOT,
    FRONT_DOORS,
    PLATFORM,
    SERVICES,
    Service,
    by_schema,
    service_of,
)


class ImportGraph(Protocol):
    """The part of grimp's graph the check reads."""

    @property
    def modules(self) -> set[str]: ...

    def find_modules_directly_imported_by(self, module: str) -> set[str]: ...


def import_crossings(graph: ImportGraph) -> set[tuple[str, str, str]]:
    """(importer, imported, why) for every import that breaks ownership.

    A service imports another only through its public modules; nobody outside a
    service imports its ``models``; the platform imports no service.
    """
    found: set[tuple[str, str, str]] = set()
    for importer in graph.modules:
        home = service_of(importer)
        door = importer.split(".")[0] in FRONT_DOORS
        if home is None and not door:
            continue  # the composition root, tests, clients
        for imported in graph.find_modules_directly_imported_by(importer):
            owner = service_of(imported)
            if owner is None or owner is home:
                continue
            if home is PLATFORM:
                found.add((importer, imported, "the platform imports no service"))
            elif _is_models(owner, imported):
                found.add((importer, imported, f"{owner.package}'s models are its own"))
            elif home is not None and owner is not PLATFORM and not owner.public(imported):
                found.add((importer, imported, f"only {owner.package}'s public modules"))
    return found


def service_cycles(graph: ImportGraph) -> list[list[str]]:
    """Import cycles (modules that reach each other) spanning two services or more.

    A cycle inside one service is its own business; one across services means neither
    can move or start without the other (inventory and stores once held one through
    try-on holds, kept alive by an import inside a function).
    """
    cycles: list[list[str]] = []
    for component in _strongly_connected(graph):
        owners = {service.package for m in component if (service := service_of(m)) is not None}
        if len(owners) > 1:
            cycles.append(sorted(component))
    return sorted(cycles)


def _strongly_connected(graph: ImportGraph) -> Iterator[list[str]]:
    """Tarjan's components of two modules or more, iteratively (the tree is deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imports = work[-1]
            pushed = False
            for imported in imports:
                if imported not in index:
                    index[imported] = low[imported] = len(index)
                    stack.append(imported)
                    on_stack.add(imported)
                    work.append(
                        (imported, iter(sorted(graph.find_modules_directly_imported_by(imported))))
                    )
                    pushed = True
                    break
                if imported in on_stack:
                    low[module] = min(low[module], index[imported])
            if pushed:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    yield component


def _is_models(owner: Service, module: str) -> bool:
    return module.split(".")[-1] == "models" or ".models." in module + "."


# A SQL statement's tell-tale words: a docstring that names ``orders.states`` is not SQL.
_SQL = re.compile(
    r"\b(select\b[\s\S]*\bfrom|insert\s+into|update\s+[\w.]+\s+set|delete\s+from"
    r"|create\s+(or\s+replace\s+)?(function|trigger|view|table|index)|join)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"--[^\n]*")


def sql_crossings(reader_schema: str, sql: str) -> set[tuple[str, str, str]]:
    """(reader, owner, object) for each private object of another schema named in ``sql``."""
    schemas = by_schema()
    names = "|".join(sorted(schemas))
    reference = re.compile(rf"(?<![\w.])({names})\.([a-z_][a-z0-9_]*)\b")
    found = set()
    for owner, obj in reference.findall(_COMMENT.sub("", sql)):
        if owner != reader_schema and obj not in schemas[owner].public_sql:
            found.add((reader_schema, owner, obj))
    return found


def sql_in_python(source: str) -> Iterator[str]:
    """Every string constant in ``source`` that reads as SQL (docstrings left out)."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and _SQL.search(node.value)
        ):
            yield node.value


def schema_of_file(root: Path, path: Path) -> str | None:
    """The schema whose service holds ``path``; None outside every service."""
    relative = path.relative_to(root).with_suffix("")
    service = service_of(".".join(relative.parts))
    return service.schema if service is not None else None


def tree_sql_crossings(root: Path, files: Iterable[Path]) -> set[tuple[str, str, str]]:
    """SQL crossings in services' ``.sql`` sources and in SQL strings of their code.

    Migrations are history (each keeps the text it ran); what they left in the database
    is checked there instead (tests/integration/test_service_boundaries.py).
    """
    found: set[tuple[str, str, str]] = set()
    for path in files:
        reader = schema_of_file(root, path)
        if reader is None or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        chunks = [text] if path.suffix == ".sql" else list(sql_in_python(text))
        for chunk in chunks:
            found |= sql_crossings(reader, chunk)
    return found


__all__ = [
    "COMPOSITION_ROOT",
    "SERVICES",
    "import_crossings",
    "sql_crossings",
    "sql_in_python",
    "tree_sql_crossings",
]
