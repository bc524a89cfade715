"""Stores' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.platform.manifest import Manifest, Schedule
from stores.error_codes import ERROR_CODES
from stores.settings import StoreSettings

MANIFEST = Manifest(
    package="stores",
    schema="stores",
    models=("stores.models", "stores.appointments.models"),
    tasks=("stores.appointments.tasks",),
    schedules=(
        Schedule("stores.appointment_reminders", 300.0),
        Schedule("stores.appointment_no_shows", 300.0),
        Schedule("stores.try_on_holds", 300.0),
    ),
    error_codes=ERROR_CODES,
    settings=StoreSettings,
)
