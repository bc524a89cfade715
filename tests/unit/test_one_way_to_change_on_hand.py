"""On-hand changes in one place: no code but the ledger writes ``stock.on_hand``.

A scan of the source (Python and the database functions' SQL, the benchmarks
included): an UPDATE setting on_hand, an INSERT naming it, an ORM write of it or
a ``Stock(on_hand=...)`` anywhere but the ledger's one write (the database function
``inventory/sql/move_stock.sql``, and ``inventory/ledger.py`` opening rows at zero for
it) fails here, so a
new path that moves stock without writing its movement is caught in review's
place. Migrations are history (the one that opened the ledger wrote movements).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = (
    "inventory",
    "orders",
    "stores",
    "services",
    "server",
    "bench",
    "tablet_api",
    "manager_api",
    "mini_program_api",
)
ALLOWED = {
    Path("inventory/ledger.py"),
    Path("inventory/sql/move_stock.sql"),
    # The floor the stock import is measured against is the ledger's bare statements
    # themselves (each level UPDATE with its movement INSERT), reset between runs.
    Path("bench/stock_import.py"),
}

WRITES = {
    "UPDATE ... SET on_hand": re.compile(
        r"\bSET\s+(?:(?!\bWHERE\b|\bFROM\b|\bRETURNING\b)[^;])*?\bon_hand\s*=(?!=)", re.I
    ),
    "INSERT INTO inventory.stock (... on_hand ...)": re.compile(
        r"INSERT\s+INTO\s+inventory\.stock\s*\([^)]*\bon_hand\b", re.I
    ),
    "Stock(on_hand=...)": re.compile(r"\bStock\([^)]*\bon_hand\s*="),
    ".values(on_hand=...)": re.compile(r"\.values\([^)]*\bon_hand\s*="),
    "Stock.on_hand in an ORM write": re.compile(r"\{\s*Stock\.on_hand\s*:"),
    "x.on_hand = ...": re.compile(r"\.on_hand\s*[+-]?=(?!=)"),
}


def _sources() -> list[Path]:
    files: list[Path] = []
    for top in SCANNED:
        for path in (ROOT / top).rglob("*"):
            if path.suffix in (".py", ".sql") and "migrations" not in path.parts:
                files.append(path)
    return files


def test_only_the_ledger_writes_on_hand() -> None:
    offenders = []
    for path in _sources():
        relative = path.relative_to(ROOT)
        if relative in ALLOWED:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{relative}: {what}" for what, rule in WRITES.items() if rule.search(text)]
    assert offenders == []


def test_the_scan_would_see_a_direct_write() -> None:
    """The rules match the shapes they are for (else the scan above proves nothing)."""
    samples = {
        "UPDATE ... SET on_hand": "UPDATE inventory.stock SET reserved = 0, on_hand = 5 WHERE x",
        "INSERT INTO inventory.stock (... on_hand ...)": (
            "INSERT INTO inventory.stock (location_id, sku_id, on_hand) VALUES (1, 2, 3)"
        ),
        "Stock(on_hand=...)": "Stock(location_id=1, sku_id=2, on_hand=5)",
        ".values(on_hand=...)": "update(Stock).values(on_hand=Stock.on_hand - 1)",
        "Stock.on_hand in an ORM write": "update(Stock).values({Stock.on_hand: 3})",
        "x.on_hand = ...": "row.on_hand -= 1",
    }
    for what, sample in samples.items():
        assert WRITES[what].search(sample), what
    ledger = (ROOT / "inventory/sql/move_stock.sql").read_text(encoding="utf-8")
    assert WRITES["UPDATE ... SET on_hand"].search(ledger)
    reads = "UPDATE inventory.stock SET reserved = reserved + 1 WHERE on_hand = reserved + 1"
    assert not WRITES["UPDATE ... SET on_hand"].search(reads)
