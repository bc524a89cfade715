"""``o2o up``: the banner is where a person sees it, Celery's routine lines are not (9.10),
and commands run beside it join its servers instead of starting their own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import create_engine, text

from server.launch import child_commands, child_environment
from services.platform.settings import get_settings
from tests.live import ROOT, free_port, o2o, redis_servers_under


def test_children_keep_to_warnings_unless_verbose() -> None:
    quiet, verbose = child_commands(verbose=False), child_commands(verbose=True)
    for name in ("worker", "beat"):
        assert quiet[name][-3:] == ["--loglevel", "WARNING", "--quiet"]
        assert verbose[name][-2:] == ["--loglevel", "INFO"]
    assert quiet["serve"] == verbose["serve"]


def test_children_log_warnings_only_unless_verbose_or_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("O2O_LOG_LEVEL", raising=False)
    get_settings.cache_clear()
    assert child_environment(verbose=False)["O2O_LOG_LEVEL"] == "WARNING"
    assert "O2O_LOG_LEVEL" not in child_environment(verbose=True)
    monkeypatch.setenv("O2O_LOG_LEVEL", "DEBUG")
    get_settings.cache_clear()
    assert child_environment(verbose=False)["O2O_LOG_LEVEL"] == "DEBUG"
    get_settings.cache_clear()


def _read(stream, into: list[str]) -> None:
    for line in iter(stream.readline, ""):
        into.append(line)


def _wait_for(lines: list[str], text: str, process: subprocess.Popen[str]) -> None:
    for _ in range(3000):  # bounded: a start-up on a loaded machine, then a relay
        if any(text in line for line in lines) or process.poll() is not None:
            break
        time.sleep(0.1)
    assert any(text in line for line in lines), f"never saw {text!r}"


# One `o2o up` for every check of a running system: each start costs about a minute.
@pytest.mark.slow
def test_up_is_quiet_shows_the_banner_and_commands_beside_it_join_its_redis(
    db: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    # The defaults a person has: no log level, and the embedded Redis of the data folder.
    env = {k: v for k, v in os.environ.items() if k not in ("O2O_LOG_LEVEL", "O2O_REDIS_URL")}
    env.update(O2O_DATA_DIR=str(tmp_path), O2O_PORT=str(port), PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "up", "--members", "0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=_read, args=(process.stdout, out), daemon=True),
        threading.Thread(target=_read, args=(process.stderr, err), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        _wait_for(out, "`o2o up --verbose` shows them", process)
        banner = "".join(out)
        base = f"http://127.0.0.1:{port}"
        assert f"{base}/docs" in banner
        assert "login" in banner and "hq" in banner
        seen = len(err)
        for _ in range(5):  # each would be an INFO "request" line at the default level
            httpx.get(f"{base}/mp/v1/stores?lat=31.23&lon=121.47", timeout=120)
        # A message nobody subscribes to: the worker's relay run warns about it, which
        # proves the relay ran (after the requests) and that warnings reach the console.
        # Written directly, so no after-commit kick relays it in this (eager) test process.
        engine = create_engine(db["database_url"])
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO platform.outbox (topic, payload, created_at, attempts)"
                    " VALUES ('test.nobody_listens', '{}', now(), 0)"
                )
            )
        engine.dispose()
        _wait_for(err, "outbox_topic_without_subscribers", process)
        since = [line for line in err[seen:] if line.strip()]
        assert all("outbox_topic_without_subscribers" in line for line in since), since[:20]

        (serving,) = redis_servers_under(tmp_path)
        command = o2o("staff", "log-out", "manager", "hq", env=env)
        assert command.returncode == 0, command.stderr
        assert redis_servers_under(tmp_path) == {serving}  # started none, left none behind
        client = redis.Redis(unix_socket_path=str(tmp_path / "redis" / "redis.sock"))
        assert client.info("server")["process_id"] == serving  # the socket is still up's
        client.close()
        assert httpx.get(f"{base}/readyz", timeout=120).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        for reader in readers:
            reader.join(timeout=5)
    console = "".join(err)
    assert "relay_outbox" not in console  # neither beat's sends nor the worker's runs
    assert "celery@" not in console and "[tasks]" not in console  # no Celery banner
