"""An ERP's stock feed as read: batches of lines "this SKU at this location has N on hand".

Pure: reading a CSV or JSON file into batches, and the line checks that need no
locks (malformed, negative, unknown SKU or location, duplicate). The checks that
need the locked stock row (never below what is reserved) are the ledger's
``refusal``, applied in ``inventory.stock_import``.

CSV: a header naming ``batch_id,line_id,sku,location,on_hand`` (any order), then one
line per stock row; lines sharing a ``batch_id`` form a batch. JSON:
``{"batches": [{"batch_id": ..., "lines": [{"line_id", "sku", "location", "on_hand"}]}]}``.
``sku`` and ``location`` are the catalog's SKU code and the stock location's code.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.platform.errors import InvalidInput
from services.platform.inputs import INT4_MAX

COLUMNS = ("batch_id", "line_id", "sku", "location", "on_hand")
#: Ids go into a movement's ``source_id`` (64 characters) as ``batch/line``.
BATCH_ID = re.compile(r"^[A-Za-z0-9._:-]{1,32}$")
LINE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,31}$")
CODE_MAX = 40
#: Rejected lines listed per batch in a report (the count is always whole).
REPORTED_REJECTIONS = 100


@dataclass(frozen=True)
class FeedLine:
    line: int  # where it sits: the file's line number (CSV) or its place in the batch (JSON)
    line_id: str
    sku: str
    location: str
    on_hand: int | None  # None: not a whole number in range
    malformed: str | None = None  # why the line could not be read as one


@dataclass
class FeedBatch:
    batch_id: str
    lines: list[FeedLine] = field(default_factory=list)

    def digest(self) -> str:
        """The batch's lines, to tell a repeat from another batch under the same id."""
        text = "\n".join(
            f"{ln.line_id}\t{ln.sku}\t{ln.location}\t{ln.on_hand}" for ln in self.lines
        )
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Rejection:
    line: int
    line_id: str
    code: str
    message: str


@dataclass(frozen=True)
class Resolved:
    """A line that passed the checks: its stock row and the level the ERP says it has."""

    line: FeedLine
    location_id: int
    sku_id: int


def unreadable(why: str) -> InvalidInput:
    return InvalidInput(f"the stock file cannot be read: {why}", code="import_file_unreadable")


def _whole(text: str) -> int | None:
    try:
        value = int(text.strip())
    except ValueError:
        return None
    return value if -INT4_MAX <= value <= INT4_MAX else None


def read_csv(data: bytes) -> list[FeedBatch]:
    """Batches from CSV bytes; 422 ``import_file_unreadable`` when it is not such a file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise unreadable(f"not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise unreadable("it holds NUL bytes")
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(rows)]
    except StopIteration:
        raise unreadable("it is empty") from None
    except csv.Error as exc:
        raise unreadable(str(exc)) from exc
    missing = [name for name in COLUMNS if name not in header]
    if missing or len(set(header)) != len(header):
        raise unreadable(f"the header must name {', '.join(COLUMNS)} once each")
    at = [header.index(name) for name in COLUMNS]
    width = len(header)
    batches: dict[str, FeedBatch] = {}
    try:
        for row in rows:
            if not row:
                continue
            number = rows.line_num
            if len(row) != width:
                line = FeedLine(number, "", "", "", None, f"{len(row)} fields, not {width}")
                batch_id = row[at[0]] if len(row) > at[0] else ""
            else:
                batch_id, line_id, sku, location, units = (row[i] for i in at)
                line = FeedLine(number, line_id, sku, location, _whole(units))
            batches.setdefault(batch_id, FeedBatch(batch_id)).lines.append(line)
    except csv.Error as exc:
        raise unreadable(f"line {rows.line_num}: {exc}") from exc
    if not batches:
        raise unreadable("it has no lines")
    return list(batches.values())


def batches_of(body: Mapping[str, Any]) -> list[FeedBatch]:
    """Batches from the JSON shape (already validated by ``StockImportCreate``)."""
    return [
        FeedBatch(
            str(batch["batch_id"]),
            [
                FeedLine(n, str(ln["line_id"]), str(ln["sku"]), str(ln["location"]), ln["on_hand"])
                for n, ln in enumerate(batch["lines"], start=1)
            ],
        )
        for batch in body["batches"]
    ]


def read_json(data: bytes) -> list[FeedBatch]:
    """Batches from a JSON file, checked by the same model as the API's body."""
    from pydantic import ValidationError

    from inventory.import_schemas import StockImportCreate

    try:
        body = StockImportCreate.model_validate(json.loads(data))
    except (ValueError, ValidationError) as exc:
        raise unreadable(str(exc).splitlines()[0]) from exc
    return batches_of(body.model_dump())


def read_file(name: str, data: bytes) -> list[FeedBatch]:
    """CSV or JSON by the file's extension."""
    if name.lower().endswith(".json"):
        return read_json(data)
    if name.lower().endswith(".csv"):
        return read_csv(data)
    raise unreadable("name a .csv or .json file")


def _problem(line: FeedLine, batch_id: str) -> tuple[str, str] | None:
    if line.malformed is not None:
        return "malformed", line.malformed
    if not BATCH_ID.match(batch_id):
        return "malformed", "batch_id: 1-32 letters, digits or . _ : -"
    if not LINE_ID.match(line.line_id):
        return "malformed", "line_id: 1-31 letters, digits or . _ : -"
    if not line.sku or len(line.sku) > CODE_MAX or not line.location:
        return "malformed", "sku and location are codes of 1-40 characters"
    if line.on_hand is None:
        return "malformed", "on_hand is not a whole number"
    if line.on_hand < 0:
        return "negative", f"on_hand {line.on_hand} is below zero"
    return None


def check(
    batch: FeedBatch, *, skus: Mapping[str, int], locations: Mapping[str, int]
) -> tuple[list[Resolved], list[Rejection]]:
    """Each line resolved to its stock row, or rejected with why (unknown codes, duplicates).

    ``locations`` holds only the locations the importer may stock (their scope): any
    other is as unknown as one that does not exist.
    """
    resolved: list[Resolved] = []
    rejected: list[Rejection] = []
    seen_ids: set[str] = set()
    seen_rows: set[tuple[int, int]] = set()

    def reject(line: FeedLine, code: str, message: str) -> None:
        rejected.append(Rejection(line.line, line.line_id, code, message))

    for line in batch.lines:
        problem = _problem(line, batch.batch_id)
        sku_id, location_id = skus.get(line.sku), locations.get(line.location)
        if problem is not None:
            reject(line, *problem)
        elif sku_id is None:
            reject(line, "unknown_sku", f"no SKU {line.sku!r} in the catalog")
        elif location_id is None:
            reject(line, "unknown_location", f"no stock location {line.location!r} of yours")
        elif line.line_id in seen_ids:
            reject(line, "duplicate", f"line_id {line.line_id!r} appears twice in the batch")
        elif (location_id, sku_id) in seen_rows:
            reject(line, "duplicate", f"{line.sku} at {line.location} appears twice in the batch")
        else:
            resolved.append(Resolved(line, location_id, sku_id))
        seen_ids.add(line.line_id)
        if sku_id is not None and location_id is not None:
            seen_rows.add((location_id, sku_id))
    return resolved, rejected


def codes(lines: Iterable[FeedLine]) -> tuple[list[str], list[str]]:
    """The distinct SKU and location codes the lines name (to look them up once)."""
    skus: set[str] = set()
    locations: set[str] = set()
    for line in lines:
        skus.add(line.sku)
        locations.add(line.location)
    return sorted(skus), sorted(locations)
