"""Run uvicorn workers that each listen on their own ``SO_REUSEPORT`` socket.

With uvicorn's ``--workers`` every worker accepts from one shared socket, and
the first to wake takes a whole burst of new keep-alive connections: measured
here, 32 clients split 25/7 between two workers, so one worker did most of the
work while the other idled. With a socket per worker the kernel spreads new
connections across them by hash.

All workers write their Prometheus samples to one ``PROMETHEUS_MULTIPROC_DIR``
(the operator's, or a fresh temporary one), emptied at start so a restart does not
add the last run's counts; ``/metrics`` in any worker then answers for all.

``python -m server.serving server.app:create_app --factory --port 8000 --workers 2``
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import socket
import sys
import tempfile
from pathlib import Path
from types import FrameType


def _listen(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _serve_one(app: str, factory: bool, host: str, port: int) -> None:
    import uvicorn

    config = uvicorn.Config(
        app,
        factory=factory,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
        # The client IP is decided once, in services/platform/web/client_ip.py
        # (O2O_TRUSTED_PROXIES); uvicorn must not rewrite it from X-Forwarded-For first.
        proxy_headers=False,
    )
    uvicorn.Server(config).run(sockets=[_listen(host, port)])


def metrics_dir() -> tuple[Path, bool]:
    """The emptied directory every worker writes its metrics to, and whether it is ours."""
    if "prometheus_client" in sys.modules:  # its value class is chosen at import
        raise RuntimeError("set up the metrics directory before prometheus_client is imported")
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    path = Path(configured) if configured else Path(tempfile.mkdtemp(prefix="o2o-metrics-"))
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    return path, not configured


def run(app: str, *, factory: bool, host: str, port: int, workers: int) -> None:
    """Serve ``app`` with ``workers`` processes; stop them all when one stops or on a signal."""
    path, ours = metrics_dir()
    try:
        _run(app, factory=factory, host=host, port=port, workers=workers)
    finally:
        if ours:
            shutil.rmtree(path, ignore_errors=True)


def _run(app: str, *, factory: bool, host: str, port: int, workers: int) -> None:
    if workers == 1:
        _serve_one(app, factory, host, port)
        return
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_serve_one, args=(app, factory, host, port), daemon=False)
        for _ in range(workers)
    ]

    def stop(signum: int, frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for process in processes:
        process.start()
    try:
        multiprocessing.connection.wait([p.sentinel for p in processes])
    finally:
        stop(signal.SIGTERM, None)
        for process in processes:
            process.join(timeout=15)
            if process.is_alive():
                process.kill()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("app")
    parser.add_argument("--factory", action="store_true")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    run(args.app, factory=args.factory, host=args.host, port=args.port, workers=args.workers)


if __name__ == "__main__":
    main(sys.argv[1:])
