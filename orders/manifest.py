"""Orders' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from orders.error_codes import ERROR_CODES
from orders.settings import OrderSettings
from services.platform.manifest import Manifest, Schedule

MANIFEST = Manifest(
    package="orders",
    schema="orders",
    models=("orders.models", "orders.cases.models"),
    tasks=("orders.tasks",),
    schedules=(
        Schedule("orders.expire_unpaid", 30.0),
        Schedule("orders.expire_uncollected", 300.0),
        Schedule("orders.escalate_overdue_cases", 60.0),
        Schedule("orders.flag_churn_risk", 3600.0),
    ),
    error_codes=ERROR_CODES,
    settings=OrderSettings,
)
