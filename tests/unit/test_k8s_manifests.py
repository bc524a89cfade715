"""deploy/k8s: rendered from server/k8s.py, valid against the Kubernetes API schemas offline,
and every door and queue group the app knows has its Deployment, probes and autoscaler."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from server import k8s
from server.cli import app
from server.manifests import env_names

FOLDER = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUBERNETES = "1.30.0"
SUBCOMMANDS = {
    c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands
}


def _documents() -> list[dict]:
    return [
        document
        for path in sorted(FOLDER.glob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text())
        if document
    ]


def test_committed_files_are_the_rendered_ones(tmp_path: Path) -> None:
    k8s.render(tmp_path)
    rendered = {p.name: p.read_text() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_text() for p in FOLDER.glob("*.yaml")}
    assert committed == rendered, "run `o2o k8s render`"


@pytest.mark.parametrize(
    "document", _documents(), ids=lambda d: f"{d['kind']}/{d.get('metadata', {}).get('name', '')}"
)
def test_every_document_is_valid_for_the_api(document: dict) -> None:
    if document["kind"] == "Kustomization":  # kustomize's own file, not an API object
        assert set(document["resources"]) <= {p.name for p in FOLDER.glob("*.yaml")}
        return
    kubernetes_validate.validate(document, KUBERNETES, strict=True)


def test_a_planted_mistake_is_refused() -> None:
    broken = k8s.door_documents(k8s.DOORS[0])[0]
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)


def test_every_door_is_served_probed_scaled_and_routed() -> None:
    documents = [d for d in _documents() if d["kind"] != "Kustomization"]
    by_kind: dict[str, set[str]] = {}
    for document in documents:
        by_kind.setdefault(document["kind"], set()).add(document["metadata"]["name"])
    ingress = next(d for d in documents if d["kind"] == "Ingress")
    routed = {
        p["path"]: p["backend"]["service"]["name"]
        for rule in ingress["spec"]["rules"]
        for p in rule["http"]["paths"]
    }
    for door in k8s.DOORS:
        name = f"o2o-{door.name}"
        for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
            assert name in by_kind[kind], (kind, name)
        assert all(routed[path] == name for path in door.paths)
        container = next(
            d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == name
        )["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["resources"]["limits"]
    assert {"/mp", "/tablet", "/manager", "/webhooks", "/dashboard"} <= set(routed)


def test_every_command_is_real_and_every_variable_a_setting() -> None:
    known = env_names()
    assert set(k8s.CONFIG) | set(k8s.SECRET_KEYS) <= known
    for document in _documents():
        if document["kind"] not in ("Deployment", "Job"):
            continue
        for container in document["spec"]["template"]["spec"]["containers"]:
            assert container["command"][0] == "o2o"
            assert container["command"][1] in SUBCOMMANDS, container["command"]
    groups = [set(g.queues) for g in k8s.WORKER_GROUPS]
    assert sum(len(g) for g in groups) == len(set().union(*groups)), "a queue in two groups"
