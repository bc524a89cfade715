"""Judging a staged ERP stock file: every line of every batch, in one pass.

One statement reads the staged file (``pg_temp.stock_feed``) once, with hash joins to
the SKUs, the locations (a regional manager's import sees only their regions') and the
stock rows, judges each line on its own (its shape, its level, its codes) and hands
back one row per batch of arrays; the rules spanning lines (``stock_checks``: repeats
in a batch, rows two batches name) run over those arrays. A line COPY could not read
never gets here: the file is then refused whole (``stock_feed.unreadable``).

A line already at its level when the file is judged is left out of what the ledger is
given (``move_stock`` would skip it under its lock all the same), as most of an ERP's
daily levels are unchanged. That holds only for a stock row named once in the file:
when two batches name one row, their order decides its level, so every line of that row
is kept and ``in_order`` says the batches must apply one after another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import psycopg
from psycopg.rows import dict_row

from inventory import stock_checks, stock_feed

# Key 0 and level -1 stand for "none" so the arrays hold integers only: ids start at 1,
# and a clean batch's levels are never negative. Line numbers start at 1 (2 in a CSV
# file), so a negative one can mark a line already at its level.
JUDGE = """
    SELECT f.batch_id, count(*) AS lines, min(f.line) AS first,
           -- Order-blind: the same lines in another order are the same batch.
           'h2:' || count(*) || ':' || sum(hashtext(
               concat_ws(E'\\t', f.line_id, f.sku, f.location, f.on_hand))) AS digest,
           (SELECT b.digest FROM inventory.stock_import_batches b
             WHERE b.batch_id = f.batch_id) AS prior_digest,
           -- Four arrays, each an aggregate's cost per line: a line already at its level
           -- (as its stock row is now) is numbered negative, the stock row is one key.
           array_agg(CASE WHEN n.level = x.on_hand THEN -f.line ELSE f.line END) AS lines_at,
           array_agg(f.line_id) AS line_ids,
           array_agg(coalesce(l.id::bigint << 32 | s.id, 0)) AS keys,
           array_agg(coalesce(v.level, -1)) AS levels,
           array_agg(f.line) FILTER (WHERE v.fault IS NOT NULL) AS fault_lines,
           array_agg(v.fault) FILTER (WHERE v.fault IS NOT NULL) AS faults
      FROM pg_temp.stock_feed f
      LEFT JOIN inventory.skus s ON s.code = f.sku
      LEFT JOIN inventory.locations l ON l.code = f.location AND l.active
            AND (%(stores)s::integer[] IS NULL OR l.store_id = ANY(%(stores)s::integer[]))
      LEFT JOIN inventory.stock x ON x.location_id = l.id AND x.sku_id = s.id
      CROSS JOIN LATERAL (
          SELECT CASE WHEN pg_input_is_valid(f.on_hand, 'integer')
                      THEN f.on_hand::integer END AS level) n
      CROSS JOIN LATERAL (
          SELECT n.level, CASE
              WHEN length(f.sku) NOT BETWEEN 1 AND 40 THEN 'malformed:sku'
              WHEN length(f.location) NOT BETWEEN 1 AND 32 THEN 'malformed:location'
              WHEN n.level IS NULL OR abs(n.level) > 999999999 THEN 'malformed:on_hand'
              WHEN n.level < 0 THEN 'negative'
              WHEN s.id IS NULL THEN 'unknown_sku'
              WHEN l.id IS NULL THEN 'unknown_location' END AS fault) v
     GROUP BY f.batch_id
     ORDER BY min(f.line)
"""
# What a report says of its rejected lines, read back for those it lists.
# (A JSON feed's lines are numbered within their batch: a line is a batch and a number.)
_LINES = """
    SELECT f.batch_id, f.line, f.line_id, f.sku, f.location, f.on_hand
      FROM pg_temp.stock_feed f
      JOIN unnest(%(batch_ids)s::text[], %(lines)s::integer[]) AS w(batch_id, line)
        ON w.batch_id = f.batch_id AND w.line = f.line
"""

Outcome = Literal["apply", "already_applied", "batch_reused", "rejected_lines"]


def outcome(*, digest: str, prior_digest: str | None, rejected_count: int) -> Outcome:
    """What becomes of a judged batch: an id imported before decides first (the same
    lines: nothing more to do; other lines: the id is reused), then its lines."""
    if prior_digest is not None:
        return "already_applied" if prior_digest == digest else "batch_reused"
    return "rejected_lines" if rejected_count else "apply"


@dataclass
class Batch:
    """A judged batch: its verdict, and the ledger's arrays in (location, SKU) order."""

    batch_id: str
    lines: int
    digest: str
    outcome: Outcome
    rejected_count: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    locations: list[int] = field(default_factory=list)
    skus: list[int] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)


@dataclass
class _Lines:
    """A judged batch's arrays as numpy: line numbers, stock-row keys, levels, and
    whether each line's level differs from its stock row's (the judge's sign)."""

    numbers: npt.NDArray[np.int64]
    keys: stock_checks.Keys
    levels: npt.NDArray[np.int64]
    changed: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, row: dict[str, Any]) -> _Lines:
        at = np.asarray(row["lines_at"], dtype=np.int64)
        return cls(
            numbers=np.abs(at),
            keys=np.asarray(row["keys"], dtype=np.int64),
            levels=np.asarray(row["levels"], dtype=np.int64),
            changed=at > 0,
        )


def _faults(row: dict[str, Any], judged: _Lines) -> dict[int, str]:
    """Each rejected line of a batch (by line number): its code, ``malformed:<field>``
    for a malformed one. The first fault found on a line is the one reported."""
    lines: list[int] = judged.numbers.tolist()
    if stock_checks.batch_id_fault(row["batch_id"]):
        return dict.fromkeys(lines, "malformed:batch_id")
    faults = dict(zip(row["fault_lines"] or [], row["faults"] or [], strict=True))
    for n in stock_checks.line_id_faults(row["line_ids"]):
        faults.setdefault(lines[n], "malformed:line_id")
    repeats = np.flatnonzero(stock_checks.repeated_later(judged.keys, lines)).tolist()
    for n in [*repeats, *stock_checks.line_ids_repeated_later(row["line_ids"], lines)]:
        faults.setdefault(lines[n], "duplicate")
    return faults


def _rejected(
    batch_id: str, faults: dict[int, str], texts: dict[tuple[str, int], dict[str, Any]]
) -> list[dict[str, Any]]:
    listed = []
    for line in sorted(faults)[: stock_feed.REPORTED_REJECTIONS]:
        code, _, fault_field = faults[line].partition(":")
        listed.append({**texts[(batch_id, line)], "code": code, "field": fault_field or None})
    return listed


def judge(raw: psycopg.Connection[Any], store_ids: list[int] | None) -> tuple[list[Batch], bool]:
    """Every staged batch judged, in file order, and ``in_order``: two clean batches name
    one stock row, so they must apply one after another (the stage stays for the caller
    to drop)."""
    with raw.cursor(row_factory=dict_row, binary=True) as cursor:
        rows = cursor.execute(JUDGE, {"stores": store_ids}, prepare=False).fetchall()
    judged = [_Lines.of(row) for row in rows]
    faults = [_faults(row, each) for row, each in zip(rows, judged, strict=True)]
    listed = [
        (row["batch_id"], line)
        for row, each in zip(rows, faults, strict=True)
        for line in sorted(each)[: stock_feed.REPORTED_REJECTIONS]
    ]
    texts: dict[tuple[str, int], dict[str, Any]] = {}
    if listed:
        batch_ids, lines = zip(*listed, strict=True)
        with raw.cursor(row_factory=dict_row) as cursor:
            found = cursor.execute(
                _LINES, {"batch_ids": list(batch_ids), "lines": list(lines)}, prepare=False
            ).fetchall()
            texts = {(line["batch_id"], line["line"]): line for line in found}
    shared = stock_checks.shared_keys(
        [each.keys for each, fault in zip(judged, faults, strict=True) if not fault]
    )
    batches = []
    for row, each, fault in zip(rows, judged, faults, strict=True):
        batch = Batch(
            batch_id=row["batch_id"],
            lines=row["lines"],
            digest=row["digest"],
            outcome=outcome(
                digest=row["digest"], prior_digest=row["prior_digest"], rejected_count=len(fault)
            ),
            rejected_count=len(fault),
            rejected=_rejected(row["batch_id"], fault, texts),
        )
        if batch.outcome == "apply":
            _arrays(batch, row, each, shared)
        batches.append(batch)
    return batches, len(shared) > 0


def _arrays(batch: Batch, row: dict[str, Any], judged: _Lines, shared: Any) -> None:
    kept = stock_checks.to_apply(judged.keys, judged.changed, shared)
    locations, skus = stock_checks.stock_rows(judged.keys[kept])
    batch.locations = locations.tolist()
    batch.skus = skus.tolist()
    batch.levels = judged.levels[kept].tolist()
    batch.line_numbers = judged.numbers[kept].tolist()
    line_ids = row["line_ids"]
    prefix = f"{batch.batch_id}/"
    batch.sources = [prefix + line_ids[n] for n in kept.tolist()]
