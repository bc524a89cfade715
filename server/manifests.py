"""The composition root's view of the services: every manifest, collected at start.

``server.boundaries.SERVICES`` is the one list of services; each names its package, whose
``manifest.py`` declares the rest. From them come the schemas migrations create, the
model and task modules, beat's schedule, the settings class and the error catalog.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from server.boundaries import PLATFORM, SERVICES, Service
from services.platform.error_codes import ErrorCode
from services.platform.manifest import Manifest, Subscription
from services.platform.queues import ON_CONSUMER_QUEUE as REDELIVER
from services.platform.settings import Settings as PlatformSettings


def _load(service: Service) -> Manifest:
    """``service``'s manifest, which must name the package and schema the boundaries do."""
    found = importlib.import_module(f"{service.package}.manifest").MANIFEST
    if not isinstance(found, Manifest) or (found.package, found.schema) != (
        service.package,
        service.schema,
    ):
        raise TypeError(f"{service.package}.manifest.MANIFEST does not match {service}")
    return found


#: The platform's first, then the services' in ``SERVICES`` order.
MANIFESTS: tuple[Manifest, ...] = tuple(_load(service) for service in (PLATFORM, *SERVICES))

SERVICE_SCHEMAS: tuple[str, ...] = tuple(m.schema for m in MANIFESTS)
MODEL_MODULES: tuple[str, ...] = tuple(module for m in MANIFESTS for module in m.models)
TASK_MODULES: tuple[str, ...] = tuple(module for m in MANIFESTS for module in m.tasks)
SUBSCRIPTIONS: tuple[Subscription, ...] = tuple(s for m in MANIFESTS for s in m.subscriptions)


def _catalog() -> dict[str, ErrorCode]:
    catalog: dict[str, ErrorCode] = {}
    for m in MANIFESTS:
        for code, entry in m.error_codes.items():
            if code in catalog:
                raise ValueError(f"error code {code} is declared twice ({m.package})")
            catalog[code] = entry
    return catalog


ERROR_CODES: Mapping[str, ErrorCode] = _catalog()

# One class joining the platform's settings and every service's section; each field
# keeps its ``O2O_<FIELD>`` name. Services' validators and ``production_problems`` apply.
# (Typed as the platform's class, whose other sections' fields type as ``Any``.)
if TYPE_CHECKING:
    Settings = PlatformSettings
else:
    Settings = type(
        "Settings",
        (PlatformSettings, *(m.settings for m in MANIFESTS if m.settings is not None)),
        {"__module__": __name__, "__doc__": "Every setting of the process: each section joined."},
    )


def env_names() -> set[str]:
    """Every environment variable the settings read (``O2O_<FIELD>``)."""
    return {f"O2O_{name.upper()}" for name in Settings.model_fields}


def beat_schedule(settings: Any) -> dict[str, dict[str, Any]]:
    """Beat's schedule: every manifest's periodic tasks, intervals read from ``settings``."""
    schedule: dict[str, dict[str, Any]] = {}
    for m in MANIFESTS:
        for entry in m.schedules:
            if entry.task in schedule:
                raise ValueError(f"{entry.task} is scheduled twice ({m.package})")
            schedule[entry.task] = entry.entry(settings)
    # The outbox's safety net: each consumer that records what it handled is swept.
    for consumer in sorted({s.task for s in SUBSCRIPTIONS if s.recorded_in is not None}):
        schedule[f"{REDELIVER} {consumer}"] = {
            "task": REDELIVER,
            "schedule": float(settings.redelivery_sweep_seconds),
            "args": [consumer],
        }
    return schedule
