"""Every task goes to a queue some worker group consumes; bulk work has its own queue."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.routing import Match

from server.roles import DOORS, WORKER_GROUPS
from services.platform.queues import QUEUES, ROUTES, queue_for

pytestmark = pytest.mark.unit


def _task_names() -> list[str]:
    from server.worker import app

    return sorted(name for name in app.tasks if not name.startswith("celery."))


def test_the_worker_groups_consume_every_queue_once() -> None:
    consumed = [q for group in WORKER_GROUPS for q in group.queues]
    assert sorted(consumed) == sorted(QUEUES)  # none left unconsumed, none consumed twice


def test_every_task_is_routed_to_a_known_queue_and_every_route_is_used() -> None:
    names = _task_names()
    assert {queue_for(name) for name in names} <= set(QUEUES)
    for rule in ROUTES:  # a stale rule (a renamed task) fails here
        matched = (
            rule in names if not rule.endswith(".") else any(n.startswith(rule) for n in names)
        )
        assert matched, f"route {rule!r} matches no task"


def test_bulk_work_never_shares_a_queue_with_payments_or_the_wall() -> None:
    assert queue_for("campaigns.send_next_batch") == "bulk"
    assert queue_for("siting.run_suggestion") == "bulk"
    assert queue_for("recommendations.retrain") == "bulk"
    assert queue_for("insights.apply") == "insights"
    assert queue_for("payments.execute_refund") == "payments"
    assert queue_for("platform.relay_outbox") == "payments"
    assert queue_for("stores.appointment_reminders") == "default"


#: One real route of each door (method, path).
_SAMPLES = {
    "mp": ("GET", "/mp/v1/stores"),
    "tablet": ("GET", "/tablet/v1/me"),
    "manager": ("GET", "/manager/v1/orders"),
    "webhooks": ("POST", "/webhooks/stripe"),
}


def _answers(app: Any, method: str, path: str) -> bool:
    scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}
    return any(route.matches(scope)[0] == Match.FULL for route in app.router.routes)


def test_a_door_app_serves_only_its_own_routes() -> None:
    from server.app import create_app

    assert set(_SAMPLES) == {door.name for door in DOORS}
    whole = create_app()
    assert all(_answers(whole, *sample) for sample in _SAMPLES.values())
    for door in DOORS:
        app = create_app(door.name)
        for name, sample in _SAMPLES.items():
            assert _answers(app, *sample) == (name == door.name), (door.name, sample)
    with pytest.raises(ValueError):
        create_app("backoffice")


def test_a_consumers_sweep_runs_on_that_consumers_queue() -> None:
    from services.platform.queues import ON_CONSUMER_QUEUE, route

    assert route(ON_CONSUMER_QUEUE, ["insights.apply"], {}, {}) == {"queue": "insights"}
    assert route(ON_CONSUMER_QUEUE, [], {"consumer": "notifications.deliver"}, {}) == {
        "queue": "notifications"
    }
    assert route(ON_CONSUMER_QUEUE, ["feedback.journey_facts"], {}, {}) == {"queue": "default"}
