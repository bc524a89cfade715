"""The recommender, pure: interactions in, each member's and each product's top items out.

Implicit feedback on a members x products sparse matrix ``X``: a purchase counts 1, a
view of a product not bought ``view_weight``, halved every ``view_half_life_days`` of its
age (what a shopper looked at last week says more about their next purchase than what
they looked at in spring; measured by ``bench/recommendations.py``). Two scores, each
scaled to its member's best, then blended by ``member_blend`` (the share chosen by the
benchmark):

* bought together (item to item): ``X @ S`` with ``S`` the cosine of products' columns
  (co-occurrence in the same members' histories, the diagonal removed);
* similar members: ``Xn @ (Xn.T @ X) - X``, every other member's items weighted by the
  cosine of the two members' rows (``Xn`` is ``X`` with unit rows; the member itself,
  whose cosine is 1, is taken out). Computed through a products x products product, so
  it never forms the members x members matrix.

A product the member looked at and did not buy adds its own view weight times
``viewed_weight`` (3 by the benchmark: a shopper who browsed a parka last week is the
likeliest to buy it; scores are scaled to 1, so it leads while the view is fresh).

Each kept item says which part contributed most (``bought_together``,
``similar_members`` or ``viewed``). Members are scored in blocks so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

BOUGHT_TOGETHER = "bought_together"
SIMILAR_MEMBERS = "similar_members"
VIEWED = "viewed"
#: The part that contributed most, by code (``member_scores``' second answer).
PARTS = (BOUGHT_TOGETHER, SIMILAR_MEMBERS, VIEWED)
POPULAR_NEARBY = "popular_nearby"
#: Members scored at once (a dense block of BLOCK x products floats).
BLOCK = 2048


@dataclass(frozen=True)
class Pick:
    product_id: int
    score: float
    why: str


@dataclass(frozen=True)
class Fitted:
    member_ids: NDArray[np.int64]
    product_ids: NDArray[np.int64]
    #: members x products, implicit weights.
    weights: sp.csr_matrix
    #: members x products, 1 where bought.
    bought: sp.csr_matrix
    #: products x products cosine over ``weights`` (diagonal 0).
    similar: sp.csr_matrix
    #: products x products cosine over purchases only: the product page's "bought together".
    together: sp.csr_matrix


def _index(ids: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    unique, inverse = np.unique(ids, return_inverse=True)
    return unique.astype(np.int64), inverse.astype(np.int64)


def _binary(
    rows: NDArray[np.int64], cols: NDArray[np.int64], shape: tuple[int, int]
) -> sp.csr_matrix:
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    matrix.data[:] = 1.0  # repeats summed by the constructor count once
    return matrix


def cosine(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Cosine between the columns of ``matrix`` (sparse, diagonal removed)."""
    columns = matrix.tocsc()
    norms = np.sqrt(np.asarray(columns.multiply(columns).sum(axis=0)).ravel())
    scale = sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0))
    product = (scale @ (columns.T @ columns) @ scale).tocsr()
    product.setdiag(0.0)
    product.eliminate_zeros()
    return product


def _strongest(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    values: NDArray[np.float64],
    shape: tuple[int, int],
) -> sp.csr_matrix:
    """A sparse matrix holding, per cell, the largest of the values given for it."""
    keys = rows * shape[1] + cols
    order = np.lexsort((-values, keys))
    _, first = np.unique(keys[order], return_index=True)
    kept = order[first]
    return sp.csr_matrix((values[kept], (rows[kept], cols[kept])), shape=shape)


def view_weights(
    seen: Iterable[datetime], *, now: datetime, view_weight: float, half_life_days: float
) -> NDArray[np.float64]:
    """Each view's weight: ``view_weight`` halved every ``half_life_days`` before ``now``."""
    ages = np.array([(now - at).total_seconds() / 86_400 for at in seen], dtype=np.float64)
    return view_weight * np.power(0.5, np.clip(ages, 0.0, None) / half_life_days)


def fit(
    purchases: Iterable[tuple[int, int]],
    views: Iterable[tuple[int, int, datetime]],
    *,
    view_weight: float,
    view_half_life_days: float,
    now: datetime,
) -> Fitted:
    """Index members and products and build the matrices from ``(member, product)``
    purchases and ``(member, product, at)`` views before ``now``."""
    bought_pairs = np.array(list(purchases), dtype=np.int64).reshape(-1, 2)
    viewed = list(views)
    viewed_pairs = np.array([(m, p) for m, p, _ in viewed], dtype=np.int64).reshape(-1, 2)
    both = np.concatenate([bought_pairs, viewed_pairs])
    member_ids, member_at = _index(both[:, 0])
    product_ids, product_at = _index(both[:, 1])
    shape = (len(member_ids), len(product_ids))
    n = len(bought_pairs)
    bought = _binary(member_at[:n], product_at[:n], shape)
    seen = _strongest(
        member_at[n:],
        product_at[n:],
        view_weights(
            (at for _, _, at in viewed),
            now=now,
            view_weight=view_weight,
            half_life_days=view_half_life_days,
        ),
        shape,
    )
    weights = bought.maximum(seen).tocsr()
    return Fitted(member_ids, product_ids, weights, bought, cosine(weights), cosine(bought))


def _scaled(block: NDArray[np.float64]) -> NDArray[np.float64]:
    best = block.max(axis=1, keepdims=True)
    return np.divide(block, best, out=np.zeros_like(block), where=best > 0)


def _member_parts(fitted: Fitted) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """``Xn`` (unit rows) and ``Xn.T @ X`` (products x products): once per scoring run."""
    weights = fitted.weights
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    unit = sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0))
    xn = (unit @ weights).tocsr()
    return xn, (xn.T @ weights).tocsr()


def member_scores(
    fitted: Fitted,
    rows: slice,
    *,
    member_blend: float,
    viewed_weight: float = 0.0,
    parts: tuple[sp.csr_matrix, sp.csr_matrix] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.uint8]]:
    """Scores of a block of members, and per cell the part that contributed most (its
    index in ``PARTS``)."""
    x = fitted.weights[rows]
    items = _scaled(np.asarray((x @ fitted.similar).todense()))
    members = np.zeros_like(items)
    if member_blend > 0:
        xn, middle = parts or _member_parts(fitted)
        members = np.asarray((xn[rows] @ middle).todense()) - np.asarray(x.todense())
        members = _scaled(np.clip(members, 0.0, None))
    # Views of products not bought: the weights where nothing was bought.
    seen = np.asarray((x - x.multiply(fitted.bought[rows])).todense())
    items *= 1 - member_blend
    members *= member_blend
    seen *= viewed_weight
    why = np.where(members > items, 1, 0).astype(np.uint8)
    why[(seen > 0) & (seen >= np.maximum(items, members))] = 2
    return items + members + seen, why


def top_items(
    scores: NDArray[np.float64], excluded: NDArray[np.bool_], k: int
) -> list[list[tuple[int, float]]]:
    """Each row's ``k`` best columns with a positive score, not ``excluded`` (best first)."""
    masked = np.where(excluded, 0.0, scores)
    k = min(k, masked.shape[1])
    if k == 0:
        return [[] for _ in range(masked.shape[0])]
    part = np.argpartition(-masked, k - 1, axis=1)[:, :k]
    result = []
    for row, cols in zip(masked, part, strict=True):
        ordered = cols[np.argsort(-row[cols], kind="stable")]
        result.append([(int(c), float(row[c])) for c in ordered if row[c] > 0])
    return result


def member_picks(
    fitted: Fitted,
    *,
    member_blend: float,
    k: int,
    consumable: NDArray[np.bool_],
    sellable: NDArray[np.bool_],
    viewed_weight: float = 0.0,
    block: int = BLOCK,
) -> Iterator[tuple[int, list[Pick]]]:
    """Every member's ``k`` best products, never one they bought (unless ``consumable``,
    per product column) nor one not ``sellable`` now."""
    parts = _member_parts(fitted) if member_blend > 0 else None
    for start in range(0, len(fitted.member_ids), block):
        rows = slice(start, min(start + block, len(fitted.member_ids)))
        scores, why = member_scores(
            fitted, rows, member_blend=member_blend, viewed_weight=viewed_weight, parts=parts
        )
        bought = np.asarray(fitted.bought[rows].todense()) > 0
        excluded = (bought & ~consumable[None, :]) | ~sellable[None, :]
        for offset, best in enumerate(top_items(scores, excluded, k)):
            member = int(fitted.member_ids[start + offset])
            yield (
                member,
                [
                    Pick(int(fitted.product_ids[c]), score, PARTS[why[offset, c]])
                    for c, score in best
                ],
            )


def bought_together(
    fitted: Fitted, *, k: int, sellable: NDArray[np.bool_]
) -> Iterator[tuple[int, list[Pick]]]:
    """Each product's ``k`` most co-bought sellable products."""
    together = fitted.together
    for row in range(together.shape[0]):
        start, end = together.indptr[row], together.indptr[row + 1]
        cols, values = together.indices[start:end], together.data[start:end]
        keep = sellable[cols] & (values > 0)
        cols, values = cols[keep], values[keep]
        order = np.argsort(-values, kind="stable")[:k]
        if len(order):
            yield (
                int(fitted.product_ids[row]),
                [
                    Pick(int(fitted.product_ids[cols[i]]), float(values[i]), BOUGHT_TOGETHER)
                    for i in order
                ],
            )


def rescore(
    history: Iterable[int],
    neighbours: dict[int, list[tuple[int, float]]],
    *,
    k: int,
    skip: set[int],
) -> list[Pick]:
    """A member's picks from the stored bought-together neighbours of what they bought
    (the incremental refresh between full retrains): scores summed, scaled to the best;
    products in ``skip`` (bought and not consumable) left out."""
    totals: dict[int, float] = {}
    for product in set(history):
        for other, score in neighbours.get(product, ()):
            if other not in skip:
                totals[other] = totals.get(other, 0.0) + score
    best = max(totals.values(), default=0.0)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return [Pick(p, s / best, BOUGHT_TOGETHER) for p, s in ranked if best > 0]


def popular(counts: dict[int, int], *, k: int) -> list[Pick]:
    """The ``k`` products most members bought (ties by id), as ``popular_nearby``."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    best = max(counts.values(), default=0)
    return [Pick(p, c / best, POPULAR_NEARBY) for p, c in ranked if best > 0]
