"""``o2o up``: the banner is where a person sees it, Celery's routine lines are not (9.10)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from server.launch import child_commands, child_environment
from services.platform.settings import get_settings
from tests.live import free_port


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
    for _ in range(1200):  # bounded: a start-up on a loaded machine, then a relay
        if any(text in line for line in lines) or process.poll() is not None:
            break
        time.sleep(0.1)
    assert any(text in line for line in lines), f"never saw {text!r}"


@pytest.mark.slow
def test_up_shows_the_banner_and_hides_the_relay_chatter(
    db: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    env = {**os.environ, "O2O_DATA_DIR": str(tmp_path), "O2O_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "up", "--members", "0"],
        env=env,
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
        assert f"http://127.0.0.1:{port}/docs" in banner
        assert "login" in banner and "hq" in banner
        # A message nobody subscribes to: the worker's relay run warns about it, which
        # proves the relay ran and that warnings still reach the console.
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
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        for reader in readers:
            reader.join(timeout=5)
    console = "".join(err)
    assert "relay_outbox" not in console  # neither beat's sends nor the worker's runs
    assert "celery@" not in console and "[tasks]" not in console  # no Celery banner
