"""Run one benchmark with py-spy sampling its API process: a flame graph of where a request's
time goes under that load (issue 25: profile before changing).

``python -m bench.profile scan_checkin docs/perf/scans-before.svg`` runs
``python -m bench scan_checkin`` and, as soon as the app's server (``server.app:create_app``,
not the bare baseline) is up, attaches ``py-spy record --subprocesses`` to it until it stops.
The SVG is written when the server exits. ``--idle`` is left off: the flame graph shows
where the CPU goes, not where the loop waits.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

# The py-spy installed beside this checkout (so an old checkout can be profiled too).
_PY_SPY = str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "py-spy")


def _app_server(bench_pid: int) -> int | None:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == bench_pid and b"server.app:create_app" in argv:
            return int(entry.name)
    return None


def _wait_answering(server: int) -> None:
    import httpx

    argv = Path(f"/proc/{server}/cmdline").read_bytes().decode().split("\0")
    url = f"http://127.0.0.1:{argv[argv.index('--port') + 1]}/healthz"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)


def main() -> int:
    name, out = sys.argv[1], Path(sys.argv[2]).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    # In the current directory: run from an old checkout, it profiles that checkout's code.
    bench = subprocess.Popen([sys.executable, "-m", "bench", name])
    spy: subprocess.Popen[bytes] | None = None
    while bench.poll() is None and spy is None:
        server = _app_server(bench.pid)
        if server is not None:
            _wait_answering(server)  # start-up (imports, routes) is not a request's cost
            spy = subprocess.Popen(
                [
                    _PY_SPY,
                    "record",
                    "--subprocesses",
                    "--rate",
                    "100",
                    "--nonblocking",
                    "--format",
                    "flamegraph",
                    "--output",
                    str(out),
                    "--pid",
                    str(server),
                ]
            )
        time.sleep(0.2)
    code = bench.wait()
    if spy is not None:
        spy.wait(timeout=120)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
