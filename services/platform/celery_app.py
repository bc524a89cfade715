"""The Celery application: Redis broker, outbox relay task.

Beat's schedule is declared in the services' manifests and set by the composition root
(``server.worker``); importing a task module schedules nothing.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from services.platform import queues
from services.platform.cache import celery_broker_url
from services.platform.runtime import resolve_redis_url
from services.platform.settings import get_settings


class O2OCelery(Celery):
    """Reads the broker from settings only when first configured, so importing is free."""

    def on_configure(self) -> None:
        settings = get_settings()
        self.conf.broker_url = celery_broker_url(resolve_redis_url(settings))
        self.conf.beat_schedule_filename = str(settings.data_dir / "celerybeat-schedule")
        # Late acks: a task whose worker was killed stays in Redis's unacked set and goes
        # back to its queue once it is this old; every worker sweeps for such tasks.
        redelivery = settings.task_redelivery_seconds
        self.conf.broker_transport_options = {
            "visibility_timeout": redelivery,
            "unacked_restore_interval": max(1, min(10, int(redelivery / 3))),
            "unacked_restore_throttle": 1,
        }


celery_app = O2OCelery("o2o")
celery_app.conf.update(
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    timezone="UTC",
    enable_utc=True,
    task_always_eager=False,
    # Each task to its queue (services/platform/queues.py), so bulk work cannot delay the
    # wall or a payment; a worker names the queues it consumes.
    task_routes=(queues.route,),
    task_default_queue=queues.DEFAULT_QUEUE,
    # One beat at a time: a second beat stays idle until the first's lease lapses.
    beat_scheduler="services.platform.beat_lease:LeasedScheduler",
)


def send_message(task_name: str, message_id: int, topic: str, payload: dict[str, Any]) -> None:
    args = [message_id, topic, payload]
    task = celery_app.tasks.get(task_name)
    if task is not None:  # registered here: honours task_always_eager in tests
        task.apply_async(args=args)
    else:
        celery_app.send_task(task_name, args=args)


@celery_app.task(name="platform.relay_outbox")
def relay_outbox() -> int:
    """Publish pending outbox messages to their consumers."""
    from services.platform.outbox import relay
    from services.platform.uow import UnitOfWork

    total = 0
    while True:
        with UnitOfWork() as uow:
            sent = relay(uow.session, send_message)
            uow.commit()
        total += sent
        if sent == 0:
            return total


def kick_relay() -> None:
    """Ask a worker to relay now (beat relays anyway, so a lost kick only delays)."""
    relay_outbox.apply_async(ignore_result=True)
