"""What a service declares about itself, in one place (``<service>/manifest.py``).

Each service package has a ``manifest.py`` whose ``MANIFEST`` names its PostgreSQL schema,
the modules holding its models and its tasks, beat's periodic tasks, its error codes and
its settings section. Declaring starts nothing: the names are strings and the schedules
data. The composition root (``server.manifests``) collects every manifest at start to
build the schema list, the module lists, beat's schedule, the settings and the error
catalog; the platform declares its own plumbing here the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.platform.error_codes import PLATFORM_CODES, ErrorCode
from services.platform.settings import Section


@dataclass(frozen=True)
class Schedule:
    """A periodic task for beat (its entry is named after the task) and its interval.

    ``seconds`` is a number or a function of the settings (an interval that is a setting).
    """

    task: str
    seconds: float | Callable[[Any], float]
    options: Mapping[str, Any] = field(default_factory=dict)

    def entry(self, settings: Any) -> dict[str, Any]:
        """Beat's schedule entry, the interval read from ``settings`` when it is one."""
        seconds = self.seconds(settings) if callable(self.seconds) else self.seconds
        return {"task": self.task, "schedule": float(seconds), **self.options}


@dataclass(frozen=True)
class Subscription:
    """Deliver every outbox message of ``topic`` to the Celery task ``task``.

    ``recorded_in`` names (``module:object``) the ``outbox.DeliveryRecord`` that says which
    messages the consumer has handled, in its own package and schema (the default: the
    shared ``platform.processed_messages``, keyed by the task's name): the redelivery sweep
    hands the task any published message missing there. None for a consumer that keeps no
    such record (its messages are never swept).
    """

    topic: str
    task: str
    recorded_in: str | None = "services.platform.outbox:PROCESSED"


@dataclass(frozen=True)
class Manifest:
    package: str
    schema: str
    #: Modules defining the service's tables (imported for Alembic and the tests).
    models: tuple[str, ...] = ()
    #: Modules defining its Celery tasks and outbox subscriptions (the worker imports them).
    tasks: tuple[str, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    #: The outbox topics it consumes, bound at start (``server.wiring``), not at import.
    subscriptions: tuple[Subscription, ...] = ()
    error_codes: Mapping[str, ErrorCode] = field(default_factory=dict)
    #: Its settings section (environment names stay ``O2O_<FIELD>``).
    settings: type[Section] | None = None


MANIFEST = Manifest(
    package="services.platform",
    schema="platform",
    models=(
        "services.platform.outbox",
        "services.platform.idempotency",
        "services.platform.redelivery",
    ),
    tasks=("services.platform.celery_app", "services.platform.redelivery"),
    schedules=(Schedule("platform.relay_outbox", 5.0),),
    error_codes=PLATFORM_CODES,
)
