"""A command joins the embedded Redis another process runs (the running ``o2o up`` case is in
test_up.py, which starts one for all its checks)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil
import redis

from tests.live import ROOT, o2o, redis_servers_under

_RUNNING = """
import sys, time
from pathlib import Path
from services.platform.runtime import embedded_redis
embedded_redis(Path(sys.argv[1]))
print("ready", flush=True)
time.sleep(600)
"""


def test_a_command_joins_the_embedded_redis_another_process_runs(
    db: dict[str, str], tmp_path: Path
) -> None:
    from tests import factories

    factories.guide(factories.store(factories.region().id).id, username="beside-one")
    env = {k: v for k, v in os.environ.items() if k != "O2O_REDIS_URL"}
    env.update(O2O_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    running = subprocess.Popen(
        [sys.executable, "-c", _RUNNING, str(tmp_path)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert running.stdout is not None and running.stdout.readline().strip() == "ready"
        (serving,) = redis_servers_under(tmp_path)
        command = o2o("staff", "log-out", "guide", "beside-one", env=env)
        assert command.returncode == 0, command.stderr
        assert redis_servers_under(tmp_path) == {serving}  # started none, left none behind
        client = redis.Redis(unix_socket_path=str(tmp_path / "redis" / "redis.sock"))
        assert client.info("server")["process_id"] == serving
        client.close()
    finally:
        running.terminate()
        running.wait(timeout=30)
        for pid in redis_servers_under(tmp_path):  # the stand-in for o2o up started it
            psutil.Process(pid).terminate()
