"""ERP stock import: 300,000 stock lines (300 SKUs x 1,000 locations) through
``o2o import stock``, against PostgreSQL's own COPY of the same file into a bare table.

The import is the CLI's own function (``server.cli_import.import_stock``, what the
command runs, with its default two connections): the file staged with COPY and judged
line by line in one pass, then each batch of 10,000 lines locked, checked against
reserved and written with its movements by the ledger, in a transaction of its own.
COPY only parses and stores the same bytes, so ``ratio = seconds / copy_seconds``
says what the ledger costs over the fastest load PostgreSQL has, on a quiet or a
noisy machine alike. Every stock row exists before (an opening level), as in a
store chain whose ERP sends the day's levels; about half the levels differ.

``floor_ratio = seconds / floor_seconds`` holds the import to its own floor: the ledger's
bare set statements for the same changed rows, batch by batch on as many connections, a
transaction each (lock the rows in order, UPDATE the levels, INSERT their movements), with
the lines already resolved to ids and nothing judged, claimed or reported. The floor runs
before and after the import (the levels reset and vacuumed between), and its mean is the
baseline, so the machine's drift counts against both alike.

``O2O_BENCH_SCALE`` (a fraction) or ``BENCH_STOCK_LOCATIONS`` shrinks the locations for a
quick run.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench import harness

SKUS = 300
LOCATIONS = harness.sized(1_000, override="BENCH_STOCK_LOCATIONS", minimum=10)
BATCH_LINES = 10_000
COPY_ROUNDS = 3
HEADER = "batch_id,line_id,sku,location,on_hand\n"
OPENING = 10
#: The floor: the ledger's three set statements over one batch's changed rows.
_FLOOR_LOCK = """
    SELECT x.location_id FROM unnest(%(locations)s::int[], %(skus)s::int[], %(levels)s::int[])
        AS l(location_id, sku_id, level)
    JOIN inventory.stock x ON x.location_id = l.location_id AND x.sku_id = l.sku_id
    WHERE x.on_hand <> l.level ORDER BY l.location_id, l.sku_id FOR UPDATE OF x
"""
_FLOOR_WRITE = """
    WITH l AS (
        SELECT l.*, x.on_hand AS before
        FROM unnest(%(locations)s::int[], %(skus)s::int[], %(levels)s::int[],
                    %(sources)s::text[]) AS l(location_id, sku_id, level, source_id)
        JOIN inventory.stock x ON x.location_id = l.location_id AND x.sku_id = l.sku_id
        WHERE x.on_hand <> l.level),
    moved AS (
        UPDATE inventory.stock st SET on_hand = l.level, updated_at = now() FROM l
        WHERE st.location_id = l.location_id AND st.sku_id = l.sku_id
        RETURNING l.location_id, l.sku_id, l.level - l.before AS delta, l.source_id)
    INSERT INTO inventory.stock_movements (location_id, sku_id, quantity, kind, reason,
                                           source_type, source_id)
    SELECT location_id, sku_id, delta, 'adjustment', 'count_correction', 'import', source_id
    FROM moved
"""


def _seed(found: harness.Servers) -> None:
    """SKUs, warehouses and an opening level for every stock row, on the ledger."""
    engine = found.engine()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO inventory.products (code, name, description, category, active,"
                " created_at) VALUES ('ERP', 'ERP product', '', 'bench', true, now())"
            )
        )
        connection.execute(
            text(
                "INSERT INTO inventory.skus (code, product_id, variant, price_fen, currency,"
                " active) SELECT 'SKU-' || n, p.id, 'v' || n, 1000, 'CNY', true"
                " FROM generate_series(1, :n) n, inventory.products p WHERE p.code = 'ERP'"
            ),
            {"n": SKUS},
        )
        connection.execute(
            text(
                "INSERT INTO inventory.locations (code, kind, name, active)"
                " SELECT 'LOC-' || n, 'warehouse', 'Warehouse ' || n, true"
                " FROM generate_series(1, :n) n"
            ),
            {"n": LOCATIONS},
        )
        # The opening level of every stock row, through the ledger's one write (as the seed).
        connection.execute(
            text(
                "SELECT count(*) FROM (SELECT array_agg(l.id ORDER BY l.id, s.id) AS locations,"
                " array_agg(s.id ORDER BY l.id, s.id) AS skus, array_agg(:opening) AS levels,"
                " array_agg(0) AS consumed, array_agg('opening'::text) AS sources"
                " FROM inventory.locations l, inventory.skus s) a"
                " CROSS JOIN LATERAL inventory.move_stock(p_locations => a.locations,"
                " p_skus => a.skus, p_quantities => a.levels, p_consumed => a.consumed,"
                " p_sources => a.sources, p_set_levels => false, p_kind => 'import',"
                " p_reason => NULL, p_source_type => 'import', p_staff_role => NULL,"
                " p_staff_id => NULL)"
            ),
            {"opening": OPENING},
        )
    # As a live database would be: the opening's row versions vacuumed, statistics fresh.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def _feed(path: Path) -> list[dict[str, Any]]:
    """The ERP's file: one line per stock row, batches of ``BATCH_LINES`` lines; the floor's
    batches (the changed lines, by the seed's ids: locations and SKUs numbered from 1)."""
    rng = random.Random(17)
    rows = []
    floor: list[dict[str, Any]] = []
    n = 0
    for location in range(1, LOCATIONS + 1):
        for sku in range(1, SKUS + 1):
            level = OPENING if rng.random() < 0.5 else rng.randint(0, 60)
            rows.append(f"B{n // BATCH_LINES},{n},SKU-{sku},LOC-{location},{level}\n")
            if n % BATCH_LINES == 0:
                floor.append({"locations": [], "skus": [], "levels": [], "sources": []})
            if level != OPENING:
                batch = floor[-1]
                batch["locations"].append(location)
                batch["skus"].append(sku)
                batch["levels"].append(level)
                batch["sources"].append(f"B{n // BATCH_LINES}/{n}")
            n += 1
    path.write_text(HEADER + "".join(rows))
    return floor


def _url(found: harness.Servers) -> str:
    from services.platform.db import sqlalchemy_url

    return sqlalchemy_url(found.database_url).replace("postgresql+psycopg://", "postgresql://")


def _floor_seconds(found: harness.Servers, batches: list[dict[str, Any]], workers: int) -> float:
    """The ledger's bare statements over the changed rows: each batch a transaction, on
    ``workers`` connections side by side (as the import shares its batches out)."""
    import psycopg

    queue = iter(batches)
    connections = [psycopg.connect(_url(found), autocommit=True) for _ in range(workers)]

    def work(connection: psycopg.Connection[Any]) -> None:
        while (batch := next(queue, None)) is not None:
            with connection.transaction():
                # The ledger's planner settings (move_stock.sql): a batch touches a few rows
                # of a large table, so by index, never a hash of the whole table.
                connection.execute("SET LOCAL enable_hashjoin = off")
                connection.execute("SET LOCAL enable_mergejoin = off")
                connection.execute(_FLOOR_LOCK, batch)
                connection.execute(_FLOOR_WRITE, batch)

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(work, c) for c in connections]:
                future.result()
        return time.perf_counter() - started
    finally:
        for connection in connections:
            connection.close()


def _reset(found: harness.Servers) -> None:
    """Back to the opening levels, as before the first load; vacuumed as a live table is."""
    import psycopg

    with psycopg.connect(_url(found), autocommit=True) as connection:
        with connection.transaction():
            connection.execute(
                "UPDATE inventory.stock SET on_hand = %(o)s WHERE on_hand <> %(o)s",
                {"o": OPENING},
            )
            connection.execute("DELETE FROM inventory.stock_movements WHERE kind = 'adjustment'")
            connection.execute("DELETE FROM inventory.stock_import_batches")
        connection.execute("VACUUM ANALYZE inventory.stock, inventory.stock_movements")


def _copy_seconds(found: harness.Servers, path: Path) -> float:
    """PostgreSQL's COPY of the same file into a bare table (the fastest of a few rounds)."""
    import psycopg

    data = path.read_bytes()
    best = float("inf")
    with psycopg.connect(_url(found), autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE bench_copy (batch_id text, line_id text, sku text, location text,"
            " on_hand integer)"
        )
        for _ in range(COPY_ROUNDS):
            connection.execute("TRUNCATE bench_copy")
            started = time.perf_counter()
            with (
                connection.transaction(),
                connection.cursor() as cursor,
                cursor.copy("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
            ):
                copy.write(data)
            best = min(best, time.perf_counter() - started)
        connection.execute("DROP TABLE bench_copy")
    return best


def main() -> None:
    from server.cli_import import IMPORT_WORKERS, import_stock

    with harness.servers("stock_import") as found:
        _seed(found)
        path = found.data_dir / "erp-stock.csv"
        floor_batches = _feed(path)
        rows = LOCATIONS * SKUS
        copy_seconds = _copy_seconds(found, path)
        floors = [_floor_seconds(found, floor_batches, IMPORT_WORKERS)]
        _reset(found)
        started = time.perf_counter()
        report = import_stock(path, show_progress=False)
        seconds = time.perf_counter() - started
        assert report.applied == -(-rows // BATCH_LINES) and report.rejected == 0, report
        again = time.perf_counter()
        repeat = import_stock(path, show_progress=False)
        repeat_seconds = time.perf_counter() - again
        assert repeat.already_applied == report.applied
        moved = sum(batch.moved for batch in report.batches)
        assert moved == sum(len(b["levels"]) for b in floor_batches)
        _reset(found)
        floors.append(_floor_seconds(found, floor_batches, IMPORT_WORKERS))
    floor_seconds = sum(floors) / len(floors)
    harness.write_results(
        "stock_import",
        {
            "rows": rows,
            "seconds": round(seconds, 3),
            "copy_seconds": round(copy_seconds, 3),
            "ratio": round(seconds / copy_seconds, 2),
            "floor_seconds": round(floor_seconds, 3),
            "floor_runs": [round(f, 3) for f in floors],
            "floor_ratio": round(seconds / floor_seconds, 2),
            "floor_copy_ratio": round(floor_seconds / copy_seconds, 2),
            "moved": moved,
            "batches": report.applied,
            "repeat_seconds": round(repeat_seconds, 3),
        },
    )


if __name__ == "__main__":
    main()
