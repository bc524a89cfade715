"""The Kubernetes manifests under ``deploy/k8s``, drawn from one table of roles.

Every front door and every queue group is the same image with another command, so the
manifests are rendered here from ``DOORS`` and ``WORKER_GROUPS`` rather than written out
by hand eight times: a new door or queue group is one line, and ``o2o k8s render`` writes
the files again (tests/unit/test_k8s_manifests.py fails when they are stale, and validates
every document against the Kubernetes API schemas offline with kubernetes-validate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from server.roles import DOORS, WORKER_GROUPS, Door, WorkerGroup

IMAGE = "o2o-retail:latest"
APP = "o2o"
#: Settings that are not secrets (ConfigMap); everything under SECRET_KEYS is a Secret.
CONFIG: dict[str, str] = {
    "O2O_ENVIRONMENT": "production",
    "O2O_PAYMENT_GATEWAY": "stripe",
    "O2O_WECHAT_PROVIDER": "wechat",
    "O2O_NOTIFICATION_CHANNEL": "wechat",
    "O2O_QR_ACTIVE_KEY_ID": "k1",
    "O2O_WEB_CONCURRENCY": "2",
}
SECRET_KEYS = (
    "O2O_DATABASE_URL",
    "O2O_REDIS_URL",
    "O2O_JWT_SECRET",
    "O2O_QR_SIGNING_KEYS",
    "O2O_STRIPE_SECRET_KEY",
    "O2O_STRIPE_WEBHOOK_SECRET",
    "O2O_WECHAT_APP_ID",
    "O2O_WECHAT_APP_SECRET",
    "O2O_WECHAT_SUBSCRIBE_TEMPLATES",
)


_PORT = 8000


def _meta(name: str, role: str) -> dict[str, Any]:
    return {"name": f"{APP}-{name}", "labels": {"app": APP, "role": role}}


def _env() -> list[dict[str, Any]]:
    return [{"configMapRef": {"name": f"{APP}-config"}}, {"secretRef": {"name": f"{APP}-secrets"}}]


def _http_probe(path: str, period: int) -> dict[str, Any]:
    return {"httpGet": {"path": path, "port": "http"}, "periodSeconds": period, "timeoutSeconds": 3}


def _exec_probe(command: list[str], period: int) -> dict[str, Any]:
    return {"exec": {"command": command}, "periodSeconds": period, "timeoutSeconds": 20}


def _deployment(
    name: str, role: str, container: dict[str, Any], replicas: int, grace: int
) -> dict[str, Any]:
    selector = {"app": APP, "role": role}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(name, role),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": selector},
                "spec": {
                    # Long enough for a worker to finish its task (acks are late).
                    "terminationGracePeriodSeconds": grace,
                    "containers": [{"name": name, "image": IMAGE, "envFrom": _env(), **container}],
                },
            },
        },
    }


def _resources(cpu: str, memory: str, cpu_limit: str, memory_limit: str) -> dict[str, Any]:
    return {
        "requests": {"cpu": cpu, "memory": memory},
        "limits": {"cpu": cpu_limit, "memory": memory_limit},
    }


def _autoscaler(name: str, role: str, low: int, high: int) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _meta(name, role),
        "spec": {
            "scaleTargetRef": {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": f"{APP}-{name}",
            },
            "minReplicas": low,
            "maxReplicas": high,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
        },
    }


def _disruption_budget(name: str, role: str) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _meta(name, role),
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": APP, "role": role}}},
    }


def door_documents(door: Door) -> list[dict[str, Any]]:
    role = f"door-{door.name}"
    container = {
        "command": ["o2o", "serve", "--door", door.name, "--host", "0.0.0.0", "--port", str(_PORT)],
        "ports": [{"name": "http", "containerPort": _PORT}],
        "readinessProbe": _http_probe("/readyz", 5),
        "livenessProbe": {**_http_probe("/healthz", 10), "failureThreshold": 3},
        "resources": _resources("250m", "256Mi", "1", "512Mi"),
    }
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(door.name, role),
        "spec": {
            "selector": {"app": APP, "role": role},
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
        },
    }
    return [
        _deployment(door.name, role, container, door.min_replicas, grace=30),
        service,
        _autoscaler(door.name, role, door.min_replicas, door.max_replicas),
        _disruption_budget(door.name, role),
    ]


def worker_documents(group: WorkerGroup) -> list[dict[str, Any]]:
    role = f"worker-{group.name}"
    name = f"worker-{group.name}"
    ping = ["sh", "-c", "celery -A server.worker inspect ping -d celery@$HOSTNAME"]
    container = {
        "command": [
            "o2o",
            "worker",
            "--queues",
            ",".join(group.queues),
            "--concurrency",
            str(group.concurrency),
        ],
        "readinessProbe": _exec_probe(ping, 30),
        "livenessProbe": {**_exec_probe(ping, 60), "failureThreshold": 3},
        "resources": _resources("250m", "384Mi", "1", "768Mi"),
    }
    return [
        _deployment(name, role, container, group.min_replicas, grace=120),
        _autoscaler(name, role, group.min_replicas, group.max_replicas),
        _disruption_budget(name, role),
    ]


def beat_documents() -> list[dict[str, Any]]:
    # One replica, and the beat's own lease keeps a second one idle if a rollout overlaps.
    container = {
        "command": ["o2o", "beat"],
        "resources": _resources("50m", "128Mi", "250m", "256Mi"),
    }
    deployment = _deployment("beat", "beat", container, 1, grace=30)
    deployment["spec"]["strategy"] = {"type": "Recreate"}
    return [deployment]


def migrate_documents() -> list[dict[str, Any]]:
    return [
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": _meta("migrate", "migrate"),
            "spec": {
                "backoffLimit": 3,
                "template": {
                    "metadata": {"labels": {"app": APP, "role": "migrate"}},
                    "spec": {
                        "restartPolicy": "OnFailure",
                        "containers": [
                            {
                                "name": "migrate",
                                "image": IMAGE,
                                "command": ["o2o", "migrate"],
                                "envFrom": _env(),
                            }
                        ],
                    },
                },
            },
        }
    ]


def ingress_documents(host: str = "o2o.example.com") -> list[dict[str, Any]]:
    paths = [
        {
            "path": path,
            "pathType": "Prefix",
            "backend": {"service": {"name": f"{APP}-{door.name}", "port": {"name": "http"}}},
        }
        for door in DOORS
        for path in door.paths
    ]
    return [
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": _meta("ingress", "ingress"),
            "spec": {
                "ingressClassName": "nginx",
                "rules": [{"host": host, "http": {"paths": paths}}],
            },
        }
    ]


def config_documents() -> list[dict[str, Any]]:
    return [
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": _meta("config", "config"),
            "data": dict(CONFIG),
        }
    ]


def secret_template() -> list[dict[str, Any]]:
    return [
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": _meta("secrets", "secrets"),
            "type": "Opaque",
            "stringData": {key: "REPLACE_ME" for key in SECRET_KEYS},
        }
    ]


def files() -> dict[str, list[dict[str, Any]]]:
    """Every file of deploy/k8s and its documents (kustomization.yaml lists the applied ones)."""
    rendered: dict[str, list[dict[str, Any]]] = {
        "config.yaml": config_documents(),
        "secret.template.yaml": secret_template(),
        "migrate-job.yaml": migrate_documents(),
        "ingress.yaml": ingress_documents(),
        "beat.yaml": beat_documents(),
    }
    rendered |= {f"door-{door.name}.yaml": door_documents(door) for door in DOORS}
    rendered |= {f"worker-{g.name}.yaml": worker_documents(g) for g in WORKER_GROUPS}
    # The Secret is created by the operator from the template, never applied with placeholders.
    applied = sorted(name for name in rendered if name != "secret.template.yaml")
    rendered["kustomization.yaml"] = [
        {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": applied,
        }
    ]
    return rendered


HEADER = "# Rendered by `o2o k8s render` from server/k8s.py: edit that, not this file.\n"


def text_of(documents: list[dict[str, Any]]) -> str:
    return HEADER + "---\n".join(yaml.safe_dump(d, sort_keys=False) for d in documents)


def render(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, documents in files().items():
        path = folder / name
        path.write_text(text_of(documents))
        written.append(path)
    return written
