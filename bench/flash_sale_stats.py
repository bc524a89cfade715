"""Where a flash sale's time goes: a py-spy flame graph of the API's workers, and the
database's own time per function and per statement (issue 25: profile before changing).

The embedded PostgreSQL has no pg_stat_statements, so per statement it is the slow-statement
log with a zero threshold (every statement with its duration, parsed from the server's
log), and per function ``track_functions = 'all'`` (``pg_stat_user_functions``: each
PL/pgSQL function and trigger with its own and its total time). Both cost the database a
little: they are for profiling runs, not for the figures.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench import harness

_DURATION = re.compile(r"duration: ([0-9.]+) ms\s+(\w+)(?: [^:]*)?: (.*)")
_log_start: dict[str, int] = {}


def _log(servers: harness.Servers) -> Path:
    return servers.data_dir / "pg" / "log"


def start(servers: harness.Servers) -> None:
    """Count every function's time and log every statement's from now on (a fresh tally)."""
    engine = servers.engine()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ALTER SYSTEM SET track_functions = 'all'"))
        connection.execute(text("ALTER SYSTEM SET log_min_duration_statement = 0"))
        connection.execute(text("SELECT pg_reload_conf()"))
        connection.execute(text("SELECT pg_stat_reset()"))
    engine.dispose()
    log = _log(servers)
    _log_start["offset"] = log.stat().st_size if log.exists() else 0


def collect(servers: harness.Servers, top: int = 12) -> dict[str, Any]:
    """The largest database costs since ``start``: per function (self time: its own
    statements, not what it calls) and per statement text sent by the API."""
    engine = servers.engine()
    with engine.connect() as connection:
        functions = connection.execute(
            text(
                "SELECT schemaname || '.' || funcname, calls, total_time, self_time"
                " FROM pg_stat_user_functions ORDER BY self_time DESC LIMIT :top"
            ),
            {"top": top},
        ).all()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ALTER SYSTEM RESET track_functions"))
        connection.execute(text("ALTER SYSTEM RESET log_min_duration_statement"))
        connection.execute(text("SELECT pg_reload_conf()"))
    engine.dispose()
    return {
        "db_functions": [
            {
                "function": name,
                "calls": calls,
                "total_ms": round(total, 1),
                "self_ms": round(own, 1),
                "self_ms_per_call": round(own / calls, 3) if calls else 0.0,
            }
            for name, calls, total, own in functions
        ],
        "db_statements": _statements(_log(servers), top),
    }


def _statements(log: Path, top: int) -> list[dict[str, Any]]:
    """Total logged time per statement text (parse, bind and execute apart)."""
    if not log.exists():
        return []
    with log.open("rb") as handle:
        handle.seek(_log_start.get("offset", 0))
        lines = handle.read().decode("utf-8", "replace").splitlines()
    spent: dict[tuple[str, str], list[float]] = defaultdict(list)
    current: tuple[str, float, list[str]] | None = None

    def flush() -> None:
        if current is not None:
            phase, ms, parts = current
            statement = " ".join(" ".join(parts).split())[:120]
            spent[(phase, statement)].append(ms)

    for line in lines:
        if line.startswith("\t") and current is not None:
            current[2].append(line)
            continue
        flush()
        current = None
        found = _DURATION.search(line)
        if found:
            current = (found.group(2), float(found.group(1)), [found.group(3)])
    flush()
    ranked = sorted(spent.items(), key=lambda item: -sum(item[1]))[:top]
    return [
        {
            "phase": phase,
            "statement": statement,
            "calls": len(times),
            "total_ms": round(sum(times), 1),
            "mean_ms": round(sum(times) / len(times), 3),
        }
        for (phase, statement), times in ranked
    ]


def profiler(served: harness.Served, output: str | None) -> subprocess.Popen[bytes] | None:
    """py-spy recording the server and its workers into ``output`` (SVG) until ``stop``."""
    if not output:
        return None
    spy = Path(sys.executable).with_name("py-spy")
    command = [str(spy), "record", "--pid", str(served.process.pid), "--subprocesses"]
    command += ["--rate", "200", "--format", "flamegraph", "--output", output]
    return subprocess.Popen(command)


def stop(profile: subprocess.Popen[bytes] | None) -> None:
    """End the recording: py-spy writes its flame graph on SIGINT."""
    if profile is None:
        return
    profile.send_signal(signal.SIGINT)
    try:
        profile.wait(timeout=60)
    except subprocess.TimeoutExpired:
        profile.kill()
