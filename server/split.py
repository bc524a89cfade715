"""``o2o up --split``: the production topology on one machine's loopback.

The embedded primary plus a hot-standby streaming replica of it (pg_basebackup from the
same binaries, services/platform/standby.py), Redis, ``PROCESSES_PER_DOOR`` processes per
front door behind HAProxy (Debian's package), a worker per queue group and one beat,
each its own process as it would be its own pod. The supervisor restarts whatever dies,
as Kubernetes would, so killing any one process is a test of the design, not of the
launcher. Plain ``o2o up`` is unchanged.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from server.roles import DOORS, WORKER_GROUPS

PROCESSES_PER_DOOR = 2
#: Door processes listen from the public port (HAProxy's) plus this, up.
DOOR_PORT_OFFSET = 100


@dataclass(frozen=True)
class Backend:
    door: str
    paths: tuple[str, ...]
    ports: tuple[int, ...]


def backends(first_port: int, per_door: int = PROCESSES_PER_DOOR) -> list[Backend]:
    """Each door's processes and their loopback ports (pure)."""
    return [
        Backend(
            door.name, door.paths, tuple(first_port + i * per_door + n for n in range(per_door))
        )
        for i, door in enumerate(DOORS)
    ]


def haproxy_config(
    *, host: str, port: int, routes: list[Backend], compose_port: int | None = None
) -> str:
    """HAProxy's configuration: one frontend, a backend per door, health-checked on /readyz.

    Loopback (``o2o up --split``): each door's processes by port. ``compose_port``: each
    door is a compose service of that name with replicas, found through Docker's DNS
    (deploy/compose/haproxy.cfg, rendered from here so both layouts route alike).

    A process that stops answering leaves its backend within a second (``inter 500ms
    fall 2``); a request that could not connect is retried on its sibling, and one that
    reached a process which died before answering is retried only when that is harmless
    (a read, or a write with an Idempotency-Key). Anything not under a door's prefix
    (docs, health) goes to the manager door, or to the first door of a layout without it.
    """
    lines = ["global", "    maxconn 4096"]
    if compose_port is not None:
        lines += ["resolvers docker", "    nameserver dns 127.0.0.11:53", "    hold valid 5s"]
    lines += [
        "defaults",
        "    mode http",
        "    timeout connect 2s",
        "    timeout client 60s",
        "    timeout server 60s",
        # A health check may take this long: a process busy serving answers /readyz late,
        # and with the default (inter, 500 ms) a loaded sibling left alone after a kill was
        # marked down too, so its door answered 503. A killed process refuses at once.
        "    timeout check 3s",
        # Every retry to another process: the one that failed has likely just died (a
        # browse in the split test saw its connection closed after retries on the same one).
        "    option redispatch 1",
        # The whole request is read before a server is picked, so a request that reached
        # a process which then died can be sent again (an L7 retry needs the body whole).
        "    option http-buffer-request",
        "    retries 3",
        # 503 too: a read whose replica connection was cut (the replica stopped under it)
        # answers 503 dependency_unavailable; on the sibling it is read from the primary.
        "    retry-on conn-failure empty-response response-timeout 503",
        "frontend doors",
        f"    bind {host}:{port}",
        # A request that reached a process which then died is sent again to its sibling
        # only when sending it twice is harmless: a read, or a write carrying an
        # Idempotency-Key (the service answers a repeat with the first answer). Any
        # other write is retried only if it never reached a process.
        "    http-request disable-l7-retry unless METH_GET || METH_HEAD"
        " || { req.hdr(Idempotency-Key) -m found }",
    ]
    for backend in routes:
        condition = " || ".join(f"path_beg {path}" for path in backend.paths)
        lines.append(f"    use_backend door_{backend.door} if {{ {condition} }}")
    # Docs and health go to the manager door; a layout without one, to its first door.
    default = next((b.door for b in routes if b.door == "manager"), routes[0].door)
    lines.append(f"    default_backend door_{default}")
    for backend in routes:
        lines += [
            f"backend door_{backend.door}",
            "    balance roundrobin",
            "    option httpchk GET /readyz",
            "    default-server inter 500ms fall 2 rise 1",
        ]
        if compose_port is not None:
            # Up to max replicas, each the service name's next address as Docker's DNS
            # lists them; a slot with no replica behind it waits, unused, until one starts.
            door = next(d for d in DOORS if d.name == backend.door)
            lines.append(
                f"    server-template {backend.door} {door.max_replicas}"
                f" door-{backend.door}:{compose_port} check resolvers docker init-addr none"
            )
            continue
        lines += [
            f"    server {backend.door}{n} 127.0.0.1:{p} check"
            for n, p in enumerate(backend.ports, start=1)
        ]
    return "\n".join(lines) + "\n"


#: Where a door's container listens in the compose layout.
COMPOSE_DOOR_PORT = 8000


def compose_haproxy_config() -> str:
    """deploy/compose/haproxy.cfg: the same routes, to each door's compose service."""
    routes = [Backend(door.name, door.paths, ()) for door in DOORS]
    return haproxy_config(
        host="0.0.0.0", port=COMPOSE_DOOR_PORT, routes=routes, compose_port=COMPOSE_DOOR_PORT
    )


def commands(
    *, celery: list[str], haproxy_cfg: Path, routes: list[Backend]
) -> dict[str, list[str]]:
    """Every child of the split layout, by name (a name is what a test kills and waits for)."""
    me = [sys.executable, "-m", "server.cli"]
    children: dict[str, list[str]] = {}
    for backend in routes:
        for n, port in enumerate(backend.ports, start=1):
            children[f"door-{backend.door}-{n}"] = [
                *me, "serve", "--door", backend.door, "--port", str(port), "--workers", "1",
            ]  # fmt: skip
    for group in WORKER_GROUPS:
        children[f"worker-{group.name}"] = [
            *me, "worker", "--queues", ",".join(group.queues),
            "--concurrency", str(group.concurrency), *celery,
        ]  # fmt: skip
    children["beat"] = [*me, "beat", *celery]
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    children["haproxy"] = [haproxy, "-f", str(haproxy_cfg), "-db"]
    return children


if __name__ == "__main__":  # python -m server.split > deploy/compose/haproxy.cfg
    sys.stdout.write(compose_haproxy_config())
