"""Every module that defines Celery tasks or outbox subscriptions (worker, beat, tests)."""

from __future__ import annotations

TASK_MODULES = (
    "services.platform.celery_app",
    "services.notifications.tasks",
    "services.payments.tasks",
    "inventory.tasks",
    "orders.tasks",
    "services.members.tasks",
    "stores.appointments.tasks",
    "services.campaigns.tasks",
    "services.siting.tasks",
    "services.insights.tasks",
    "services.feedback.tasks",
    "services.touchpoints.tasks",
    "services.recommendations.tasks",
)
