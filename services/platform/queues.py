"""Which worker queue each Celery task goes to: one table, read by Celery's router.

Queues exist so that one kind of work cannot delay another: a campaign sending a million
messages, a siting run or a retrain (``bulk``) never sits in front of a payment's refund
(``payments``), the wall's figures (``insights``) or a shopper's notice
(``notifications``). Everything short and ordinary is ``default``. Which process consumes
which queues is the deployment's choice (server/roles.py WORKER_GROUPS; a plain
``o2o worker`` consumes them all).
"""

from __future__ import annotations

from typing import Any

QUEUES = ("payments", "insights", "notifications", "default", "bulk")
DEFAULT_QUEUE = "default"

#: Exact task names first, then ``prefix.`` rules (a service's tasks), else the default.
#: The outbox relay rides with payments: every consumer, the wall's included, waits on it.
ROUTES: dict[str, str] = {
    "platform.relay_outbox": "payments",
    "payments.": "payments",
    "insights.": "insights",
    "notifications.": "notifications",
    "campaigns.send_next_batch": "bulk",
    "siting.run_suggestion": "bulk",
    "recommendations.": "bulk",
}


def queue_for(task_name: str) -> str:
    """The queue ``task_name`` is sent to (pure)."""
    if task_name in ROUTES:
        return ROUTES[task_name]
    service = task_name.split(".", 1)[0] + "."
    return ROUTES.get(service, DEFAULT_QUEUE)


#: The outbox's sweep of one consumer runs in that consumer's queue (its first argument).
ON_CONSUMER_QUEUE = "platform.redeliver"


def route(name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **_: Any) -> dict:
    """Celery's ``task_routes`` hook."""
    if name == ON_CONSUMER_QUEUE:
        consumer = (args or [None])[0] or (kwargs or {}).get("consumer")
        return {"queue": queue_for(str(consumer))}
    return {"queue": queue_for(name)}
