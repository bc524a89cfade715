"""An ERP's stock feed as it arrives: lines "this SKU at this location has N on hand".

CSV: a header naming ``batch_id,line_id,sku,location,on_hand`` (any order), then one
line per stock row; lines sharing a ``batch_id`` form a batch. JSON (a file, or the
API's body): ``{"batches": [{"batch_id", "lines": [{"line_id", "sku", "location",
"on_hand"}]}]}``. ``sku`` and ``location`` are the catalog's SKU code and the stock
location's code. What is read here is only the shape (the file is text, the header
names the columns); each line is judged in SQL by ``inventory.stock_import``, where
the codes and the stock are, and its verdict is worded here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from services.platform.errors import InvalidInput

COLUMNS = ("batch_id", "line_id", "sku", "location", "on_hand")
#: Rejected lines listed per batch in a report (the count is always whole).
REPORTED_REJECTIONS = 100
#: Why a line is malformed, by the field at fault (``inventory.stock_import`` names it).
MALFORMED = {
    "batch_id": "batch_id: 1-32 letters, digits or . _ : -",
    "line_id": "line_id: 1-31 letters, digits or . _ : -",
    "sku": "sku: a SKU code of 1-40 characters",
    "location": "location: a location code of 1-32 characters",
    "on_hand": "on_hand: a whole number of at most 9 digits",
}


def unreadable(why: str) -> InvalidInput:
    return InvalidInput(f"the stock file cannot be read: {why}", code="import_file_unreadable")


def csv_columns(data: bytes) -> list[str]:
    """The header's columns in file order, once the file is known to be UTF-8 text.

    The lines themselves are read by PostgreSQL's COPY; a line COPY cannot split into
    the header's columns makes the whole file unreadable (with its line number).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise unreadable(f"it is not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise unreadable("it holds NUL bytes")
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = [name.strip().lower() for name in next(csv.reader([first]), [])]
    except csv.Error as exc:
        raise unreadable(f"the header: {exc}") from exc
    if sorted(header) != sorted(COLUMNS):
        raise unreadable(f"the first line must name the columns {','.join(COLUMNS)}")
    if text.count("\n") < 1 or not text.split("\n", 1)[1].strip():
        raise unreadable("it has no lines after the header")
    return header


def json_rows(body: dict[str, Any]) -> Iterator[tuple[int, str, str, str, str, str]]:
    """Rows to stage from the JSON shape (validated by ``StockImportCreate``): line numbers
    are places in their batch."""
    for batch in body["batches"]:
        for n, line in enumerate(batch["lines"], start=1):
            yield (
                n,
                batch["batch_id"],
                line["line_id"],
                line["sku"],
                line["location"],
                str(line["on_hand"]),
            )


def message(code: str, row: dict[str, Any]) -> str:
    """A rejected line's reason, in words, from what the SQL check returns about it."""
    if code == "malformed":
        return MALFORMED.get(str(row.get("field")), "the line cannot be read")
    if code == "negative":
        return f"on_hand {row['on_hand']} is below zero"
    if code == "unknown_sku":
        return f"no SKU {row['sku']!r} in the catalog"
    if code == "unknown_location":
        return f"no stock location {row['location']!r} of yours"
    if code == "duplicate":
        return "its line_id, or its SKU at its location, appears earlier in the batch"
    if code == "below_reserved":
        return f"on_hand {row['on_hand']} is below the {row['reserved']} units reserved"
    return code
