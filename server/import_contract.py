"""An import-linter contract type drawn from ``server.boundaries`` (``lint-imports`` runs it).

Declared in pyproject.toml as ``service_boundaries``; a new service is covered by adding
it to ``SERVICES``, not by writing contracts by hand.
"""

from __future__ import annotations

from typing import Any

from importlinter.application import output
from importlinter.domain.contract import Contract, ContractCheck

from server.boundaries import KNOWN_IMPORTS, service_of
from server.boundary_checks import import_crossings, service_cycles


def new_crossings(crossings: set[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The crossings not in ``KNOWN_IMPORTS`` (which lists them by importer's package)."""
    return sorted(
        (importer, imported, why)
        for importer, imported, why in crossings
        if (_package(importer), imported) not in KNOWN_IMPORTS
    )


def stale_known(crossings: set[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Known crossings that no longer happen: take them off the list."""
    seen = {(_package(importer), imported) for importer, imported, _ in crossings}
    return sorted(KNOWN_IMPORTS - seen)


def _package(module: str) -> str:
    service = service_of(module)
    return service.package if service is not None else module.split(".")[0]


class ServiceBoundaries(Contract):
    """Services import each other only through public modules; models stay home; no
    import cycle spans two services."""

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        crossings = import_crossings(graph)
        broken = new_crossings(crossings)
        stale = stale_known(crossings)
        cycles = service_cycles(graph)
        return ContractCheck(
            kept=not broken and not stale and not cycles,
            metadata={"broken": broken, "stale": stale, "cycles": cycles},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, why in check.metadata["broken"]:
            output.print_error(f"{importer} imports {imported}: {why}")
        for package, imported in check.metadata["stale"]:
            output.print_error(
                f"{package} no longer imports {imported}: remove it from KNOWN_IMPORTS"
            )
        for cycle in check.metadata["cycles"]:
            output.print_error(f"an import cycle across services: {' -> '.join(cycle)}")
