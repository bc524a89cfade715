"""The ERP stock feed's rules that span lines, as pure functions over a batch's arrays.

A line is judged on its own in SQL (``stock_judge.JUDGE``: shape, level, codes); what
needs the other lines is judged here, over arrays of the whole file at once: a stock
row or a line id named again later in its batch, and a stock row named by two batches
(whose order then decides its level). Stock rows are keys ``location_id << 32 | sku_id``;
key 0 is a line whose SKU or location is unknown (judged in SQL, never a repeat here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Keys = npt.NDArray[np.int64]
BATCH_ID = re.compile(r"[A-Za-z0-9._:-]{1,32}")
LINE_ID = re.compile(r"[A-Za-z0-9._:-]{1,31}")
#: Line ids joined by newlines, every one plain and short: one regex pass in C over a
#: whole batch, as nearly every file has no faulty line id.
_PLAIN_LINE_IDS = re.compile(r"[A-Za-z0-9._:-]{1,31}(?:\n[A-Za-z0-9._:-]{1,31})*")


def batch_id_fault(batch_id: str) -> bool:
    """A batch id is 1-32 letters, digits or ``. _ : -`` (it prefixes movements' sources)."""
    return BATCH_ID.fullmatch(batch_id) is None


def line_id_faults(line_ids: Sequence[str]) -> list[int]:
    """Indexes of line ids that are not 1-31 letters, digits or ``. _ : -``; one match of
    them all joined first (a newline within an id would split it: counted apart)."""
    joined = "\n".join(line_ids)
    if not line_ids or (
        joined.count("\n") == len(line_ids) - 1 and _PLAIN_LINE_IDS.fullmatch(joined)
    ):
        return []
    return [n for n, line_id in enumerate(line_ids) if LINE_ID.fullmatch(line_id) is None]


def stock_keys(locations: Sequence[int], skus: Sequence[int]) -> Keys:
    """One key per line; 0 where the location or the SKU is unknown (id 0)."""
    location = np.asarray(locations, dtype=np.int64)
    sku = np.asarray(skus, dtype=np.int64)
    return np.where((location > 0) & (sku > 0), (location << 32) | sku, 0)


def stock_rows(keys: Keys) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The location ids and SKU ids of keys (none of them 0)."""
    return keys >> 32, keys & 0xFFFFFFFF


def repeated_later(keys: Keys, lines: Sequence[int]) -> npt.NDArray[np.bool_]:
    """True for each line whose key (non-zero) appears on an earlier line of the batch:
    the first occurrence stands, the later ones are duplicates."""
    order = np.argsort(np.asarray(lines, dtype=np.int64), kind="stable")
    in_order = keys[order]
    _, firsts = np.unique(in_order, return_index=True)
    later = np.ones(len(keys), dtype=bool)
    later[firsts] = False
    later &= in_order != 0
    repeated = np.zeros(len(keys), dtype=bool)
    repeated[order] = later
    return repeated


def line_ids_repeated_later(line_ids: Sequence[str], lines: Sequence[int]) -> list[int]:
    """Indexes of lines whose line id appears on an earlier line of the batch."""
    if len(set(line_ids)) == len(line_ids):  # nearly always: no walk in line order
        return []
    seen: set[str] = set()
    repeated = []
    for n in sorted(range(len(line_ids)), key=lines.__getitem__):
        if line_ids[n] in seen:
            repeated.append(n)
        seen.add(line_ids[n])
    return repeated


def shared_keys(batches: Sequence[Keys]) -> Keys:
    """Stock rows (non-zero keys) named by more than one batch of the file."""
    if not batches:
        return np.zeros(0, dtype=np.int64)
    each = np.concatenate([np.unique(keys[keys != 0]) for keys in batches])
    found, counts = np.unique(each, return_counts=True)
    return found[counts > 1]


def to_apply(keys: Keys, changed: npt.NDArray[np.bool_], shared: Keys) -> npt.NDArray[np.intp]:
    """Indexes of a clean batch's lines to hand to the ledger, in stock-row order: those
    not already at their level (``changed``: the level differs from the stock row's, or
    there is no row yet), and every line of a row another batch names too (that row's
    level depends on the batches' order)."""
    if len(shared):
        changed = changed | np.isin(keys, shared)
    kept = np.flatnonzero(changed)
    return kept[np.argsort(keys[kept], kind="stable")]
