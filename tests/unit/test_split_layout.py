"""``o2o up --split``: every door has its processes and route, every queue group a worker,
and the HAProxy configuration is one HAProxy itself accepts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from server import split
from server.roles import DOORS, WORKER_GROUPS


def _haproxy() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
    if found is None:
        reason = "HAProxy is missing (apt-get install haproxy)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run it (.ci/run installs it)")
        pytest.skip(reason)
    return found


def test_every_door_has_two_processes_on_distinct_ports() -> None:
    routes = split.backends(18100)
    assert [b.door for b in routes] == [d.name for d in DOORS]
    ports = [p for b in routes for p in b.ports]
    assert len(ports) == len(set(ports)) == split.PROCESSES_PER_DOOR * len(DOORS)


def test_every_child_is_named_and_every_queue_group_has_a_worker(tmp_path: Path) -> None:
    children = split.commands(
        celery=["--loglevel", "WARNING"],
        haproxy_cfg=tmp_path / "h.cfg",
        routes=split.backends(18100),
    )
    assert {f"worker-{g.name}" for g in WORKER_GROUPS} <= set(children)
    assert "beat" in children and "haproxy" in children
    for group in WORKER_GROUPS:
        command = children[f"worker-{group.name}"]
        assert command[command.index("--queues") + 1] == ",".join(group.queues)
    doors = [c for name, c in children.items() if name.startswith("door-")]
    assert len(doors) == split.PROCESSES_PER_DOOR * len(DOORS)


def test_haproxy_accepts_the_configuration_and_routes_every_prefix(tmp_path: Path) -> None:
    config = split.haproxy_config(host="127.0.0.1", port=18000, routes=split.backends(18100))
    for door in DOORS:
        assert f"backend door_{door.name}" in config
        for path in door.paths:
            assert f"path_beg {path}" in config
    assert "retry-on conn-failure empty-response" in config
    # Without the whole body read first, a POST that met a dying process was not sent again
    # and its client saw the connection closed (the split test's buyers, 2026-12-07).
    assert "option http-buffer-request" in config
    # A write that reached a process is sent again only when it carries an Idempotency-Key.
    assert "disable-l7-retry unless METH_GET || METH_HEAD || { req.hdr(Idempotency-Key)" in config
    (tmp_path / "haproxy.cfg").write_text(config)
    checked = subprocess.run(
        [_haproxy(), "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_haproxy_refuses_a_broken_configuration(tmp_path: Path) -> None:
    (tmp_path / "haproxy.cfg").write_text("frontend doors\n    bind nowhere:x\n")
    checked = subprocess.run(
        [_haproxy(), "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True
    )
    assert checked.returncode != 0


def test_haproxy_accepts_the_compose_layouts_configuration() -> None:
    """deploy/compose/haproxy.cfg: each door's replicas through Docker's DNS."""
    committed = Path(__file__).resolve().parents[2] / "deploy" / "compose" / "haproxy.cfg"
    checked = subprocess.run(
        [_haproxy(), "-c", "-f", str(committed)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
