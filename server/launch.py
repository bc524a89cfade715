"""The children of ``o2o up``: which processes, with what environment, and their supervisor.

Plain ``o2o up`` runs one API process, one worker and beat; ``o2o up --split`` the layout
of server/split.py. The supervisor stops everything when a child dies, or, split, starts
that child again as Kubernetes would restart its pod.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console

from services.platform.runtime import stop_embedded
from services.platform.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parent.parent
console = Console(stderr=True, soft_wrap=True)


def celery_options(*, verbose: bool) -> list[str]:
    return ["--loglevel", "INFO"] if verbose else ["--loglevel", "WARNING", "--quiet"]


def child_commands(*, verbose: bool) -> dict[str, list[str]]:
    """``o2o up``'s children; Celery keeps to warnings unless ``verbose`` (beat sends the
    outbox relay every 5 s, and the worker logs each run at INFO)."""
    me = [sys.executable, "-m", "server.cli"]
    celery = celery_options(verbose=verbose)
    return {
        "serve": [*me, "serve"],
        "worker": [*me, "worker", *celery],
        "beat": [*me, "beat", *celery],
    }


def child_environment(*, verbose: bool) -> dict[str, str]:
    """``o2o up``'s children log warnings only unless ``verbose`` or O2O_LOG_LEVEL is set
    (environment or .env): the API logs each request and the worker each message sent at
    INFO, hundreds a minute, which buried the banner."""
    env = os.environ.copy()
    if not verbose and "log_level" not in get_settings().model_fields_set:
        env["O2O_LOG_LEVEL"] = "WARNING"
    return env


def start_children(
    commands: dict[str, list[str]], env: dict[str, str]
) -> dict[str, subprocess.Popen[bytes]]:
    return {
        name: subprocess.Popen(command, cwd=ROOT, env=env) for name, command in commands.items()
    }


def wait_until_serving(base: str, api: subprocess.Popen[bytes], timeout: float = 300) -> bool:
    """Whether ``base`` answered /healthz before ``api`` died or ``timeout`` passed."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and api.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


def start_split(
    commands: dict[str, list[str]], env: dict[str, str], *, timeout: float = 300
) -> dict[str, subprocess.Popen[bytes]]:
    """Start the split layout: every door, worker and beat, then HAProxy once each door
    process answers, so the balancer never starts on a wall of refused health checks."""
    children = start_children({k: v for k, v in commands.items() if k != "haproxy"}, env)
    for name, command in commands.items():
        if name.startswith("door-"):
            port = command[command.index("--port") + 1]
            if not wait_until_serving(f"http://127.0.0.1:{port}", children[name], timeout):
                console.print(f"[yellow]{name} is not answering yet; HAProxy starts anyway")
    children.update(start_children({"haproxy": commands["haproxy"]}, env))
    return children


def split_commands(settings: Settings, *, verbose: bool) -> dict[str, list[str]]:
    """``o2o up --split``'s children; starts the standby replica of the embedded primary
    unless ``O2O_DATABASE_REPLICA_URL`` names one, and writes HAProxy's configuration."""
    from server import split
    from services.platform.runtime import EMBEDDED_DATABASE
    from services.platform.standby import EmbeddedStandby

    embedded = str(settings.data_dir.resolve()) in (settings.database_url or "")
    if not settings.database_replica_url and embedded:
        standby = EmbeddedStandby(
            settings.data_dir / "pg", settings.data_dir / "standby", database=EMBEDDED_DATABASE
        ).start()
        atexit.register(standby.stop)
        os.environ["O2O_DATABASE_REPLICA_URL"] = standby.url()
    config = settings.data_dir / "haproxy.cfg"
    routes = split.backends(settings.port + split.DOOR_PORT_OFFSET)
    config.write_text(split.haproxy_config(host=settings.host, port=settings.port, routes=routes))
    return split.commands(celery=celery_options(verbose=verbose), haproxy_cfg=config, routes=routes)


def supervise(
    children: dict[str, subprocess.Popen[bytes]],
    *,
    restart: tuple[dict[str, list[str]], dict[str, str]] | None = None,
) -> None:
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for name, child in list(children.items()):
                if child.poll() is None:
                    continue
                if restart is not None and not stopping:
                    console.print(f"[yellow]{name} exited with {child.returncode}; restarting")
                    commands, env = restart
                    children[name] = subprocess.Popen(commands[name], cwd=ROOT, env=env)
                    continue
                console.print(f"[red]{name} exited with {child.returncode}; stopping[/red]")
                stopping = True
            time.sleep(0.5)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        stop_embedded()
        console.print("stopped")
