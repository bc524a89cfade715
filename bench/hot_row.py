"""The write path's floor: how many updates a second one row takes on this primary.

A flash sale ends on one stock row (every order of the SKU at that store updates it), so
the rate at which PostgreSQL commits updates to a single row bounds the orders a second of
one SKU at one store, whatever the number of API processes. pgbench (the embedded
server's own binary) runs a bare one-statement transaction from ``CLIENTS`` connections
against the embedded PostgreSQL with its default settings (fsync and synchronous commit
on), three ways:

- ``hot_row_tps``: every client updates the same row (they queue on its lock);
- ``hot_row_one_client_tps``: one client alone (no queue: a commit's own cost);
- ``spread_rows_tps``: each update picks one of ``ROWS`` rows (stores' rows that do not
  contend: what sharding by store would see on each shard).

``BENCH_HOT_ROW_SECONDS`` (default 10) sets each run's length.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from bench import harness

SECONDS = harness.sized(10, override="BENCH_HOT_ROW_SECONDS", minimum=2)
CLIENTS = 16
ROWS = 1000

_SCRIPTS = {
    "hot": "UPDATE hot SET n = n + 1 WHERE id = 1;\n",
    "spread": f"\\set id random(1, {ROWS})\nUPDATE hot SET n = n + 1 WHERE id = :id;\n",
}


def _pgbench(pg: object, script: str, clients: int) -> float:
    import pgserver

    binary = Path(pgserver.__file__).parent / "pginstall" / "bin" / "pgbench"
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as file:
        file.write(script)
        file.flush()
        command = [
            str(binary), "-n", "-M", "prepared", "-f", file.name,
            "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(SECONDS),
            "-h", str(pg.pgdata.resolve()), "-U", "postgres", pg.database,  # type: ignore[attr-defined]
        ]  # fmt: skip
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"tps = ([0-9.]+)", out)
    if found is None:
        raise RuntimeError(out)
    return float(found.group(1))


def main() -> None:
    import shutil

    from services.platform.runtime import EmbeddedPostgres

    data_dir = harness.ROOT / ".o2o" / "bench-hot-row"
    shutil.rmtree(data_dir, ignore_errors=True)
    pg = EmbeddedPostgres(data_dir / "pg").start()
    try:
        server = pg.server
        server.psql(
            f"\\c {pg.database}\n"
            "CREATE TABLE hot (id int PRIMARY KEY, n bigint NOT NULL);"
            f"INSERT INTO hot SELECT g, 0 FROM generate_series(1, {ROWS}) g;"
        )
        fsync = server.psql("SHOW fsync;")
        synchronous = server.psql("SHOW synchronous_commit;")
        results = {
            "hot_row_tps": round(_pgbench(pg, _SCRIPTS["hot"], CLIENTS), 1),
            "hot_row_one_client_tps": round(_pgbench(pg, _SCRIPTS["hot"], 1), 1),
            "spread_rows_tps": round(_pgbench(pg, _SCRIPTS["spread"], CLIENTS), 1),
            "clients": CLIENTS,
            "rows": ROWS,
            "seconds": SECONDS,
            "fsync": "on" if " on\n" in fsync else fsync.strip(),
            "synchronous_commit": "on" if " on\n" in synchronous else synchronous.strip(),
            "cores": os.cpu_count(),
        }
    finally:
        pg.stop()
    harness.write_results("hot_row", results)


if __name__ == "__main__":
    main()
