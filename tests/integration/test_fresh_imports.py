"""Every service's entry module imports on its own, in a fresh interpreter.

The test session imports modules in its own order, which can hide an import cycle that a
server (``server.app``), a worker or a script meets first (inventory.client ->
stores.client -> the appointment use cases -> inventory.client once broke the API start;
stores now reaches inventory only through the port ``server.wiring`` binds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
    "server.wiring",
)


@pytest.mark.parametrize("module", ENTRY_MODULES)
def test_module_imports_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]


# Imports every module of the project (migrations aside) in one interpreter.
IMPORT_ALL = """
import importlib, pkgutil
for root in ("server", "mini_program_api", "tablet_api", "manager_api", "orders",
             "inventory", "stores", "services"):
    for found in pkgutil.walk_packages(importlib.import_module(root).__path__, root + "."):
        if ".migrations" not in found.name:
            importlib.import_module(found.name)
"""


def test_importing_every_module_starts_nothing_and_writes_nothing(tmp_path: Path) -> None:
    # No server configured: the embedded runtime would start one here if importing asked.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("O2O_", "TEST_"))}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert list(tmp_path.iterdir()) == []
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True)
    assert left.stdout == ""
