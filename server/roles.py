"""The processes the system runs as, in every layout: front doors and worker queue groups.

One table for ``o2o up --split`` (server/split.py), the Kubernetes manifests
(server/k8s.py) and the compose file's check. A door serves its URL prefixes; a queue
group is a worker process (or Deployment) that consumes only its queues, so a flood of
bulk work never delays payments or the wall.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Door:
    name: str
    paths: tuple[str, ...]
    min_replicas: int = 2
    max_replicas: int = 10


@dataclass(frozen=True)
class WorkerGroup:
    name: str
    queues: tuple[str, ...]
    concurrency: int
    min_replicas: int = 1
    max_replicas: int = 6


DOORS = (
    Door("mp", ("/mp",), max_replicas=20),
    Door("tablet", ("/tablet",)),
    Door("manager", ("/manager", "/dashboard")),
    Door("webhooks", ("/webhooks",)),
)
# Separate processes per group, so a flood of bulk work never delays payments or the wall.
WORKER_GROUPS = (
    WorkerGroup("payments", ("payments",), concurrency=4, min_replicas=2),
    WorkerGroup("insights", ("insights",), concurrency=2),
    WorkerGroup("notifications", ("notifications", "default"), concurrency=4),
    WorkerGroup("bulk", ("bulk",), concurrency=2, max_replicas=4),
)


def factory(door: str) -> str:
    """The import string of ``door``'s app factory (``all``: the whole API), for uvicorn.

    A string, not the function: importing the app here would import prometheus_client
    before the serving launcher has set up the metrics directory all workers share.
    """
    return "server.app:create_app" if door == "all" else f"server.doors:{door}"
