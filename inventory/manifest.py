"""Inventory's manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from inventory.error_codes import ERROR_CODES
from inventory.settings import InventorySettings
from services.platform.manifest import Manifest, Schedule

MANIFEST = Manifest(
    package="inventory",
    schema="inventory",
    models=("inventory.models",),
    tasks=("inventory.tasks",),
    schedules=(
        Schedule("inventory.release_expired_holds", 30.0),
        Schedule("inventory.apply_due_prices", 30.0),
        Schedule("inventory.reconcile_reserved", 15 * 60.0),
    ),
    error_codes=ERROR_CODES,
    settings=InventorySettings,
)
