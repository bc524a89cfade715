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
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from sqlalchemy import text

from bench import harness

SKUS = 300
LOCATIONS = harness.sized(1_000, override="BENCH_STOCK_LOCATIONS", minimum=10)
BATCH_LINES = 10_000
COPY_ROUNDS = 3
HEADER = "batch_id,line_id,sku,location,on_hand\n"


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
                " array_agg(s.id ORDER BY l.id, s.id) AS skus, array_agg(10) AS levels,"
                " array_agg(0) AS consumed, array_agg('opening'::text) AS sources"
                " FROM inventory.locations l, inventory.skus s) a"
                " CROSS JOIN LATERAL inventory.move_stock(p_locations => a.locations,"
                " p_skus => a.skus, p_quantities => a.levels, p_consumed => a.consumed,"
                " p_sources => a.sources, p_set_levels => false, p_kind => 'import',"
                " p_reason => NULL, p_source_type => 'import', p_staff_role => NULL,"
                " p_staff_id => NULL)"
            )
        )
    # As a live database would be: the opening's row versions vacuumed, statistics fresh.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def _feed(path: Path) -> int:
    """The ERP's file: one line per stock row, batches of ``BATCH_LINES`` lines."""
    rng = random.Random(17)
    rows = []
    n = 0
    for location in range(1, LOCATIONS + 1):
        for sku in range(1, SKUS + 1):
            level = 10 if rng.random() < 0.5 else rng.randint(0, 60)
            rows.append(f"B{n // BATCH_LINES},{n},SKU-{sku},LOC-{location},{level}\n")
            n += 1
    path.write_text(HEADER + "".join(rows))
    return n


def _copy_seconds(found: harness.Servers, path: Path) -> float:
    """PostgreSQL's COPY of the same file into a bare table (the fastest of a few rounds)."""
    import psycopg

    from services.platform.db import sqlalchemy_url

    url = sqlalchemy_url(found.database_url).replace("postgresql+psycopg://", "postgresql://")
    data = path.read_bytes()
    best = float("inf")
    with psycopg.connect(url, autocommit=True) as connection:
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
    from server.cli_import import import_stock

    with harness.servers("stock_import") as found:
        _seed(found)
        path = found.data_dir / "erp-stock.csv"
        rows = _feed(path)
        copy_seconds = _copy_seconds(found, path)
        started = time.perf_counter()
        report = import_stock(path, show_progress=False)
        seconds = time.perf_counter() - started
        assert report.applied == -(-rows // BATCH_LINES) and report.rejected == 0, report
        again = time.perf_counter()
        repeat = import_stock(path, show_progress=False)
        repeat_seconds = time.perf_counter() - again
        assert repeat.already_applied == report.applied
        moved = sum(batch.moved for batch in report.batches)
    harness.write_results(
        "stock_import",
        {
            "rows": rows,
            "seconds": round(seconds, 3),
            "copy_seconds": round(copy_seconds, 3),
            "ratio": round(seconds / copy_seconds, 2),
            "moved": moved,
            "batches": report.applied,
            "repeat_seconds": round(repeat_seconds, 3),
        },
    )


if __name__ == "__main__":
    main()
