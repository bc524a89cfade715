"""Database time per statement of the scan hot path, one client, no load (issue 25).

Seeds the scan bench's stores and members, then calls ``scanning.scan`` for
``BENCH_STATEMENT_SCANS`` (default 500) members' entrance scans on one asyncpg
connection, timing every statement it sends (wall time on loopback: the database's
time plus one round trip) and reading PostgreSQL's own time per function
(``track_functions``: the scan function, the check-in, the points rule, the outbox
triggers). Runs against whichever checkout it is started from, so the code before and
after a change is measured the same way. Prints a table; writes
``bench/results/scan_statements.json``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import defaultdict
from typing import Any

from sqlalchemy import text

from bench.harness import servers, write_results

SCANS = int(os.environ.get("BENCH_STATEMENT_SCANS", "500"))


def _label(sql: str) -> str:
    words = " ".join(sql.split())
    for marker in ("FROM touchpoints.", "FROM stores.", "FROM members.", "INSERT INTO", "WITH"):
        if marker in words:
            return words[words.index(marker) :][:70]
    return words[:70]


async def _run(database_url: str, doors: list[int], members: list[int]) -> dict[str, Any]:
    import asyncpg

    from services.platform import adb
    from services.platform.db import utcnow
    from services.platform.settings import get_settings
    from services.touchpoints import scanning, service, tokens
    from services.touchpoints.schemas import ScanCreate

    settings = get_settings()
    key = service.signing_keys(settings)[settings.qr_active_key_id]
    spent: dict[str, list[float]] = defaultdict(list)
    original = asyncpg.connection.Connection._execute
    original_simple = asyncpg.connection.Connection.execute

    async def timed(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await original(self, query, *args, **kwargs)
        finally:
            spent[_label(query)].append((time.perf_counter() - started) * 1000)

    async def timed_simple(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if args:  # goes through _execute, timed there
            return await original_simple(self, query, *args, **kwargs)
        started = time.perf_counter()
        try:
            return await original_simple(self, query, **kwargs)
        finally:
            spent[_label(query)].append((time.perf_counter() - started) * 1000)

    connection = await adb.connect(database_url)
    await connection.execute("SET track_functions = 'all'")
    await connection.execute("SELECT pg_stat_reset()")

    class NoLimits:  # the Redis limits are not the database's time
        def pipeline(self, transaction: bool = False) -> Any:
            return self

        def incr(self, name: str) -> None: ...

        def expire(self, name: str, seconds: int) -> None: ...

        async def execute(self) -> list[int]:
            return [1, 1, 1, 1, 1, 1]

    asyncpg.connection.Connection._execute = timed
    asyncpg.connection.Connection.execute = timed_simple
    started = time.perf_counter()
    try:
        for n, member in enumerate(members):
            door = doors[n % len(doors)]
            token = tokens.sign(
                touchpoint_id=door, version=1, key_id=settings.qr_active_key_id, key=key
            )
            await scanning.scan(
                connection=connection,
                redis=NoLimits(),
                settings=settings,
                data=ScanCreate(token=token, device_id=f"statement-device-{n:06d}"),
                member_id=member,
                client_ip="127.0.0.1",
                now=utcnow(),
            )
    finally:
        asyncpg.connection.Connection._execute = original
        asyncpg.connection.Connection.execute = original_simple
    elapsed_ms = (time.perf_counter() - started) * 1000
    await asyncio.sleep(0.6)  # function statistics are flushed at the end of a transaction
    functions = await connection.fetch(
        "SELECT schemaname || '.' || funcname AS name, calls, total_time, self_time"
        " FROM pg_stat_user_functions ORDER BY total_time DESC"
    )
    await connection.close()
    statements = {
        label: {
            "calls": len(times),
            "ms_per_scan": round(sum(times) / len(members), 3),
            "mean_ms": round(sum(times) / len(times), 3),
        }
        for label, times in sorted(spent.items(), key=lambda kv: -sum(kv[1]))
    }
    return {
        "scans": len(members),
        "ms_per_scan": round(elapsed_ms / len(members), 3),
        "statements": statements,
        "functions": {
            row["name"]: {
                "calls": row["calls"],
                "total_ms_per_scan": round(row["total_time"] / len(members), 3),
                "self_ms_per_scan": round(row["self_time"] / len(members), 3),
            }
            for row in functions
        },
    }


def main() -> None:
    from bench.scan_checkin import _seed

    with servers("scan_statements") as found:
        engine = found.engine()
        doors = _seed(engine, SCANS)
        with engine.connect() as connection:
            members = list(
                connection.execute(text("SELECT id FROM members.members ORDER BY id")).scalars()
            )
        engine.dispose()
        results = asyncio.run(_run(found.database_url, doors, members))
    write_results("scan_statements", results)


if __name__ == "__main__":
    main()
