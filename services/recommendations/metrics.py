"""How good the suggestions are, pure: the time split and recall / NDCG at k.

The split trains on everything before a cut-off and tests on each member's purchases
after it: the products a member bought after the cut-off that a list may show (not owned
before, or consumable: bought again and again) are what a list made at the cut-off should
have held. Recall@k is the share of those found in the top k (of at
most k: a member with 12 new products and all 10 slots right scores 1); NDCG@k weighs a
hit by its place (1 / log2(rank + 1)), against the best possible order.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")


def time_split(
    events: Iterable[tuple[int, int, datetime]],
    cut_off: datetime,
    *,
    again: Collection[int] = (),
) -> tuple[list[tuple[int, int, datetime]], dict[int, set[int]]]:
    """``(member, product, at)`` events before ``cut-off`` (training), and each member's
    products bought at or after it that they had not bought before, or that are in
    ``again`` (consumables: a list may show them to an owner) (the test)."""
    events = list(events)
    train = [e for e in events if e[2] < cut_off]
    before = {(m, p) for m, p, _ in train}
    test: dict[int, set[int]] = {}
    for member, product, at in events:
        if at >= cut_off and ((member, product) not in before or product in again):
            test.setdefault(member, set()).add(product)
    return train, test


def recall_at_k(ranked: Sequence[T], relevant: set[T], k: int) -> float:
    """Hits in the first ``k`` over ``min(k, |relevant|)`` (0 with nothing relevant)."""
    if not relevant:
        return 0.0
    hits = sum(1 for item in ranked[:k] if item in relevant)
    return hits / min(k, len(relevant))


def ndcg_at_k(ranked: Sequence[T], relevant: set[T], k: int) -> float:
    """Discounted gain of the hits in the first ``k`` over the best possible (binary)."""
    if not relevant:
        return 0.0
    gain = sum(1 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return gain / ideal


def mean_at_k(
    lists: Mapping[int, Sequence[T]], test: Mapping[int, set[T]], k: int
) -> tuple[float, float]:
    """Mean recall@k and NDCG@k over the members of ``test`` (no list: a miss)."""
    if not test:
        return 0.0, 0.0
    recalls = [recall_at_k(lists.get(m, ()), wanted, k) for m, wanted in test.items()]
    ndcgs = [ndcg_at_k(lists.get(m, ()), wanted, k) for m, wanted in test.items()]
    return sum(recalls) / len(recalls), sum(ndcgs) / len(ndcgs)
