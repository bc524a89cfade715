"""An ERP's catalog feed as read: one line per SKU, with its product and price.

Pure: reading CSV or JSON into lines and checking each line on its own and against
the other lines of the batch (a SKU twice, one product described two ways). What
needs the database (an unknown category, a SKU code that belongs to another
product) is checked in ``inventory.catalog_import``. The feed's own ids are the
product and SKU codes (the ERP's article numbers), so a repeated file finds
everything as it is and changes nothing.

CSV header (any order): ``product_code,product_name,category,sku_code,variant,price_fen``
required, ``description,image_urls,purchase_limit,active`` optional (``image_urls``
separated by ``|``; an empty optional cell leaves that field as it is). JSON:
``{"lines": [{...the same names...}]}``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from inventory.schemas_catalog import (
    CategoryCode,
    Description,
    ImageUrls,
    Name,
    PriceFen,
    ProductCode,
    PurchaseLimit,
    SkuCode,
    Variant,
)
from services.platform.errors import InvalidInput
from services.platform.inputs import storable

REQUIRED = ("product_code", "product_name", "category", "sku_code", "variant", "price_fen")
OPTIONAL = ("description", "image_urls", "purchase_limit", "active")
#: Product fields every line of one product must agree on.
PRODUCT_FIELDS = ("product_name", "category", "description", "image_urls")
MAX_LINES = 20_000


class CatalogRow(BaseModel):
    """One line, checked with the same types HQ's own API uses."""

    model_config = ConfigDict(extra="forbid")

    product_code: ProductCode
    product_name: Name
    category: CategoryCode
    description: Description | None = None
    image_urls: ImageUrls | None = None
    sku_code: SkuCode
    variant: Variant
    price_fen: PriceFen
    purchase_limit: PurchaseLimit | None = None
    active: bool | None = None


@dataclass(frozen=True)
class RawLine:
    line: int  # the file's line number (CSV) or place in the list (JSON), from 1
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Rejection:
    line: int
    sku_code: str
    code: str
    message: str


def unreadable(why: str) -> InvalidInput:
    return InvalidInput(f"the catalog file cannot be read: {why}", code="import_file_unreadable")


def read_csv(data: bytes) -> list[RawLine]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise unreadable(f"not UTF-8 text (byte {exc.start})") from exc
    if not storable(text):
        raise unreadable("it holds NUL bytes")
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(rows)]
    except StopIteration:
        raise unreadable("it is empty") from None
    except csv.Error as exc:
        raise unreadable(str(exc)) from exc
    if any(name not in header for name in REQUIRED) or len(set(header)) != len(header):
        raise unreadable(f"the header must name {', '.join(REQUIRED)} once each")
    lines: list[RawLine] = []
    try:
        for row in rows:
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                values: dict[str, Any] = {"_width": f"{len(row)} fields, not {len(header)}"}
            else:
                values = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
                if values.get("image_urls"):
                    values["image_urls"] = [u.strip() for u in values["image_urls"].split("|")]
            lines.append(RawLine(rows.line_num, values))
    except csv.Error as exc:
        raise unreadable(f"line {rows.line_num}: {exc}") from exc
    return _bounded(lines)


def read_json(data: bytes) -> list[RawLine]:
    try:
        body = json.loads(data)
    except ValueError as exc:
        raise unreadable(str(exc)) from exc
    if not isinstance(body, dict) or not isinstance(body.get("lines"), list):
        raise unreadable('expected {"lines": [...]}')
    return lines_of(body["lines"])


def lines_of(items: list[Any]) -> list[RawLine]:
    """Lines from the JSON shape (the API's body or a file)."""
    if not storable(json.dumps(items, ensure_ascii=False)):
        raise unreadable("it holds NUL characters")
    return _bounded(
        [
            RawLine(n, item if isinstance(item, dict) else {"_width": "not an object"})
            for n, item in enumerate(items, start=1)
        ]
    )


def read_file(name: str, data: bytes) -> list[RawLine]:
    """CSV or JSON by the file's extension."""
    if name.lower().endswith(".json"):
        return read_json(data)
    if name.lower().endswith(".csv"):
        return read_csv(data)
    raise unreadable("name a .csv or .json file")


def _bounded(lines: list[RawLine]) -> list[RawLine]:
    if not lines:
        raise unreadable("it has no lines")
    if len(lines) > MAX_LINES:
        raise unreadable(f"more than {MAX_LINES} lines; split it into batches")
    return lines


def _parsed(raw: RawLine) -> CatalogRow | str:
    if "_width" in raw.values:
        return str(raw.values["_width"])
    # An empty optional cell means "leave it as it is", not "clear it".
    values = {k: v for k, v in raw.values.items() if not (k in OPTIONAL and v in ("", None))}
    try:
        return CatalogRow.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "line"
        return f"{where}: {first['msg']}"


def check(lines: list[RawLine]) -> tuple[list[tuple[int, CatalogRow]], list[Rejection]]:
    """Each line parsed, or rejected with why; a SKU twice or a product told two ways too."""
    good: list[tuple[int, CatalogRow]] = []
    rejected: list[Rejection] = []
    seen_skus: set[str] = set()
    products: dict[str, CatalogRow] = {}
    for raw in lines:
        row = _parsed(raw)
        sku_code = str(raw.values.get("sku_code", ""))[:40]
        if isinstance(row, str):
            rejected.append(Rejection(raw.line, sku_code, "malformed", row))
            continue
        if row.sku_code in seen_skus:
            rejected.append(Rejection(raw.line, sku_code, "duplicate", "this SKU appears twice"))
            continue
        seen_skus.add(row.sku_code)
        first = products.setdefault(row.product_code, row)
        differs = [
            name
            for name in PRODUCT_FIELDS
            if getattr(row, name) is not None
            and getattr(first, name) is not None
            and getattr(row, name) != getattr(first, name)
        ]
        if differs:
            rejected.append(
                Rejection(
                    raw.line,
                    sku_code,
                    "product_disagrees",
                    f"{', '.join(differs)} differ from an earlier line of {row.product_code}",
                )
            )
            continue
        good.append((raw.line, row))
    return good, rejected
