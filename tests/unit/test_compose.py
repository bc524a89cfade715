"""docker-compose.yml: every command is a real ``o2o`` subcommand, every O2O_ variable a setting."""

from __future__ import annotations

from pathlib import Path

import yaml

from server.cli import app
from server.manifests import env_names
from server.roles import DOORS, WORKER_GROUPS
from server.split import compose_haproxy_config

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SUBCOMMANDS = {
    c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands
}
SETTINGS = env_names()


def test_every_app_service_runs_a_real_subcommand() -> None:
    ours = {name: svc for name, svc in COMPOSE["services"].items() if "build" in svc}
    doors = {f"door-{door.name}" for door in DOORS}
    workers = {f"worker-{group.name}" for group in WORKER_GROUPS}
    assert set(ours) == {"migrate", "beat"} | doors | workers
    for name, service in ours.items():
        command = service["command"]
        assert command[0] == "o2o", name
        assert command[1] in SUBCOMMANDS, (name, command)


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_a_service_per_door_with_replicas_and_a_worker_per_queue_group() -> None:
    services = COMPOSE["services"]
    for door in DOORS:
        service = services[f"door-{door.name}"]
        assert _option(service["command"], "--door") == door.name
        assert service["deploy"]["replicas"] >= 2
        assert "readyz" in " ".join(service["healthcheck"]["test"])
    for group in WORKER_GROUPS:
        command = services[f"worker-{group.name}"]["command"]
        assert _option(command, "--queues").split(",") == list(group.queues)
        assert int(_option(command, "--concurrency")) == group.concurrency


def test_haproxy_routes_every_door_as_the_split_layout_does() -> None:
    proxy = COMPOSE["services"]["haproxy"]
    assert any(v.startswith("./deploy/compose/haproxy.cfg:") for v in proxy["volumes"])
    assert set(proxy["depends_on"]) == {f"door-{door.name}" for door in DOORS}
    committed = (ROOT / "deploy/compose/haproxy.cfg").read_text()
    assert committed == compose_haproxy_config(), (
        "run: python -m server.split > deploy/compose/haproxy.cfg"
    )
    for door in DOORS:
        assert f"door-{door.name}:8000" in committed
        for path in door.paths:
            assert f"path_beg {path}" in committed


def test_every_o2o_variable_is_a_known_setting() -> None:
    for name, service in COMPOSE["services"].items():
        for variable in service.get("environment", {}) or {}:
            if variable.startswith("O2O_"):
                assert variable in SETTINGS, (name, variable)
    assert {"O2O_DATABASE_URL", "O2O_REDIS_URL", "O2O_JWT_SECRET"} <= SETTINGS


def test_infrastructure_is_health_checked_and_migrate_runs_first() -> None:
    services = COMPOSE["services"]
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("postgres", "redis", *(f"door-{door.name}" for door in DOORS)):
        assert "healthcheck" in services[name], name
    for name, service in services.items():
        if "build" in service and name != "migrate":
            assert service["depends_on"]["migrate"]["condition"] == (
                "service_completed_successfully"
            ), name


def test_the_image_runs_as_the_api_by_default() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["o2o", "serve"' in dockerfile
    assert "HEALTHCHECK" in dockerfile


def test_the_image_runs_as_production_unless_told_otherwise() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "O2O_ENVIRONMENT=production" in dockerfile


def test_the_replica_streams_from_the_primary_and_the_app_reads_from_it() -> None:
    services = COMPOSE["services"]
    primary, replica = services["postgres"], services["postgres-replica"]
    assert replica["image"].startswith("postgres:16")
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    init = ROOT / "deploy/compose/primary-init.sh"
    assert any(str(v).startswith("./deploy/compose/primary-init.sh:") for v in primary["volumes"])
    assert "REPLICATION LOGIN" in init.read_text()
    entry = (ROOT / "deploy/compose/replica-entrypoint.sh").read_text()
    assert "pg_basebackup" in entry and " -R " in entry and "hot_standby=on" in entry
    env = COMPOSE["x-o2o-env"]
    assert "postgres-replica" in env["O2O_DATABASE_REPLICA_URL"]
