"""Every service's entry module imports on its own, in a fresh interpreter.

The test session imports modules in its own order, which can hide an import cycle that a
server (``server.app``), a worker or a script meets first (inventory.client ->
stores.client -> the appointment use cases -> inventory.client once broke the API start).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # a fresh interpreter per module

ENTRY_MODULES = (
    "server.app",
    "server.tasks",
    "server.seed",
    "inventory.client",
    "stores.client",
    "orders.client",
    "stores.appointments.booking",
    "stores.appointments.try_on",
)


@pytest.mark.parametrize("module", ENTRY_MODULES)
def test_module_imports_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
