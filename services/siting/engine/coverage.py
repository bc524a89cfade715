"""Maximal covering (Church and ReVelle): open k sites so that as much demand as possible lies
within R km of one of them, counting only demand no existing store already covers.

Greedy first (each pick the site that newly covers the most), then swap local search on the
cover counts: closing r loses the demand only r covers; opening i gains the demand nothing
covers; demand covered by both r and i alone is neither lost nor gained. An iterated local
search shakes the best layout and descends again, keeping improvements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_EPS = 1e-9


@dataclass(frozen=True)
class CoverSolution:
    chosen: tuple[int, ...]  # candidate indexes, in the order of what each adds
    covered_weight: float  # demand newly covered (what existing stores cover excluded)
    added: tuple[float, ...]  # what each chosen site adds to those before it


def cover_matrix(pairs: IntArray, n_candidates: int, n_cells: int) -> csr_matrix:
    """Candidate x cell incidence from (candidate, cell) pairs within the radius."""
    data = np.ones(len(pairs), dtype=np.float64)
    return csr_matrix((data, (pairs[:, 0], pairs[:, 1])), shape=(n_candidates, n_cells))


def _greedy_order(cover: csr_matrix, w: FloatArray, sites: IntArray) -> tuple[IntArray, FloatArray]:
    """``sites`` ordered by marginal coverage, with what each adds."""
    remaining = list(int(s) for s in sites)
    uncovered = w.copy()
    order, added = [], []
    while remaining:
        gains = cover[remaining] @ uncovered
        best = int(np.argmax(gains))
        site = remaining.pop(best)
        order.append(site)
        added.append(float(gains[best]))
        uncovered[cover[site].indices] = 0.0
    return np.asarray(order, dtype=np.int64), np.asarray(added)


class _CoverState:
    def __init__(
        self, cover: csr_matrix, cover_t: csr_matrix, w: FloatArray, sites: IntArray
    ) -> None:
        self.cover, self.cover_t, self.w = cover, cover_t, w
        self.sites = sites.copy()
        self.count = np.asarray(cover[self.sites].sum(axis=0)).ravel()

    def value(self) -> float:
        return float(self.w[self.count > 0].sum())

    def best_swap(self) -> tuple[float, int, int]:
        alone = self.w * (self.count == 1)
        gain = self.cover @ (self.w * (self.count == 0))
        chosen_rows = self.cover[self.sites]
        loss = chosen_rows @ alone
        # extra[r, i]: demand covered by r alone that i covers as well.
        extra = (chosen_rows.multiply(alone[None, :]).tocsr() @ self.cover_t).toarray()
        profit = gain[None, :] - loss[:, None] + extra
        profit[:, self.sites] = -np.inf
        flat = int(np.argmax(profit))
        r, i = divmod(flat, profit.shape[1])
        return float(profit[r, i]), r, i

    def swap(self, position: int, site: int) -> None:
        self.count[self.cover[self.sites[position]].indices] -= 1
        self.sites[position] = site
        self.count[self.cover[site].indices] += 1

    def descend(self) -> None:
        while True:
            profit, r, i = self.best_swap()
            if profit <= _EPS:
                return
            self.swap(r, i)


def _patience(nnz: int) -> int:
    return int(np.clip(200_000_000 // max(nnz, 1), 20, 600))


def solve(
    cover: csr_matrix,
    weights: FloatArray,
    k: int,
    *,
    already_covered: NDArray[np.bool_] | None = None,
    seed: int = 0,
    stall_rounds: int | None = None,
) -> CoverSolution:
    """Choose ``k`` candidates (rows of ``cover``) covering the most of ``weights``.

    The search stops after ``stall_rounds`` shakes in a row without improvement. By default
    that patience shrinks as the cover matrix grows (each round costs a few passes over it):
    600 rounds on a city-sized problem, a few dozen on a national one, the same for a seed.
    """
    n_cand = cover.shape[0]
    if k < 0 or k > n_cand:
        raise ValueError(f"k must be between 0 and {n_cand}")
    w = np.asarray(weights, dtype=np.float64).copy()
    if already_covered is not None:
        w[already_covered] = 0.0  # existing stores serve it: not ours to win
    if k == 0:
        return CoverSolution((), 0.0, ())
    # Greedy: each pick the candidate newly covering the most.
    uncovered = w.copy()
    by_cell = cover.tocsc()
    gain = cover @ uncovered
    picks: list[int] = []
    for _ in range(k):
        gain[picks] = -np.inf
        pick = int(np.argmax(gain))
        picks.append(pick)
        newly = cover[pick].indices[uncovered[cover[pick].indices] > 0]
        for cell in newly:  # the cells' weight leaves every candidate that covers them
            reaching = by_cell.indices[by_cell.indptr[cell] : by_cell.indptr[cell + 1]]
            gain[reaching] -= uncovered[cell]
        uncovered[newly] = 0.0
    cover_t = by_cell.T.tocsr()  # cell x candidate, built once for every swap evaluation
    best = _CoverState(cover, cover_t, w, np.asarray(picks, dtype=np.int64))
    best.descend()
    best_value = best.value()
    rng = np.random.default_rng(seed)
    patience = stall_rounds if stall_rounds is not None else _patience(cover.nnz)
    stalled = 0
    while stalled < patience and k < n_cand:
        trial = _CoverState(cover, cover_t, w, best.sites)
        for position in rng.choice(k, size=min(k, 1 + stalled % 3), replace=False):
            # Close a random site, open one of the few that would now cover the most: a jump
            # to a nearby good layout rather than to a random one the descent would undo.
            trial.count[cover[trial.sites[position]].indices] -= 1
            open_gain = cover @ (w * (trial.count == 0))
            open_gain[trial.sites] = -np.inf
            top = np.argsort(open_gain)[-8:]
            site = int(rng.choice(top[np.isfinite(open_gain[top])]))
            trial.sites[position] = site
            trial.count[cover[site].indices] += 1
        trial.descend()
        value = trial.value()
        if value > best_value + _EPS:
            best, best_value, stalled = trial, value, 0
        else:
            stalled += 1
    order, added = _greedy_order(cover, w, best.sites)
    return CoverSolution(tuple(int(s) for s in order), best_value, tuple(float(a) for a in added))
