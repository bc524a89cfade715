"""p-median: open k sites that minimise the total weighted distance from demand to its nearest
open site, with existing stores held open.

Local search is the swap ("interchange") move of Teitz and Bart, evaluated for every pair at
once in the form of Whitaker and of Resende and Werneck: for the current nearest (d1) and second
nearest (d2) open site of each demand point,

    profit(close r, open i) = gain(i) - loss(r) + extra(r, i)
    gain(i)     = sum_c w_c * max(0, d1_c - D[c, i])
    loss(r)     = sum_{c: nearest is r} w_c * (d2_c - d1_c)
    extra(r, i) = sum_{c: nearest is r, D[c, i] < d2_c} w_c * (d2_c - max(D[c, i], d1_c))

``extra`` is non-zero only where a candidate beats a point's second nearest site, so it is
summed over those pairs alone (few once k is large). Around the local search sits an iterated
local search: shake k' random swaps, descend, keep the better; k' grows while nothing improves
and falls back to one on success (variable neighbourhood search, Hansen and Mladenovic).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Profits below this are rounding noise, not improvements (distances are km or graph units).
_EPS = 1e-9


#: Why the search stopped: no improvement for ``stall_rounds`` shakes, the shake budget
#: spent (both counted in work, so one input gives one answer on any machine), or the
#: wall-clock safety stop (reported, because then the answer depends on the machine).
StoppedBy = Literal["converged", "shake_budget", "time_limit"]


@dataclass(frozen=True)
class Solution:
    """Open sites (candidate indexes: fixed ones first, then the new ones in the order picked)."""

    chosen: tuple[int, ...]
    objective: float
    shakes: int = 0
    stopped_by: StoppedBy = "converged"


class _SwapState:
    """Swap bookkeeping for one open set, updated point by point as sites swap.

    For every demand point: its nearest and second-nearest open site and their distances; for
    every candidate: ``gain``; for every open site: ``loss``; and ``extra`` (open x candidate),
    both indexed by the site's position in ``sites`` so a copy costs k rows, not n.
    A swap changes only the points near the two sites involved, so only their terms are taken
    out and put back (Resende and Werneck), instead of re-summing every point for every move.
    """

    def __init__(self, dist: FloatArray, weights: FloatArray, sites: IntArray) -> None:
        self.dist, self.w = dist, weights
        # With one site open there is no second nearest: a finite stand-in farther than any
        # real distance keeps loss and extra exact (they cancel) where infinity gives NaN.
        self.far = 2.0 * float(dist.max(initial=0.0)) + 1.0
        n_cand = dist.shape[1]
        self.sites = sites.copy()
        self.is_open = np.zeros(n_cand, dtype=bool)
        self.is_open[self.sites] = True
        self.gain = np.zeros(n_cand)
        self.position = np.full(n_cand, -1, dtype=np.int64)
        self.position[self.sites] = np.arange(self.sites.size)
        self.loss = np.zeros(self.sites.size)
        self.extra = np.zeros((self.sites.size, n_cand))
        n = dist.shape[0]
        self.d1, self.d2 = np.zeros(n), np.zeros(n)
        self.s1, self.s2 = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
        everyone = np.arange(n)
        self._assign(everyone)
        self._account(everyone, +1.0)

    def _assign(self, points: IntArray) -> None:
        sub = self.dist[np.ix_(points, self.sites)]
        if self.sites.size == 1:
            self.s1[points] = self.sites[0]
            self.d1[points] = sub[:, 0]
            self.s2[points] = self.sites[0]
            self.d2[points] = self.far
            return
        two = np.argpartition(sub, 1, axis=1)[:, :2]
        rows = np.arange(points.size)
        a, b = sub[rows, two[:, 0]], sub[rows, two[:, 1]]
        swap = a > b
        first = np.where(swap, two[:, 1], two[:, 0])
        second = np.where(swap, two[:, 0], two[:, 1])
        self.s1[points], self.s2[points] = self.sites[first], self.sites[second]
        self.d1[points], self.d2[points] = np.minimum(a, b), np.maximum(a, b)

    def _account(self, points: IntArray, sign: float) -> None:
        """Add (sign +1) or take out (-1) these points' terms in gain, loss and extra."""
        w, d1, d2 = self.w[points], self.d1[points], self.d2[points]
        rows = self.dist[points]
        self.gain += sign * (w @ np.maximum(d1[:, None] - rows, 0.0))
        owner = self.position[self.s1[points]]
        k, n_cand = self.extra.shape
        self.loss += sign * np.bincount(owner, weights=w * (d2 - d1), minlength=k)
        pr, cols = np.nonzero(rows < d2[:, None])
        contrib = w[pr] * (d2[pr] - np.maximum(rows[pr, cols], d1[pr]))
        flat = np.bincount(owner[pr] * n_cand + cols, weights=contrib, minlength=k * n_cand)
        self.extra += sign * flat.reshape(k, n_cand)

    def best_swap(self, movable: NDArray[np.bool_]) -> tuple[float, int, int]:
        """(profit, position in ``sites`` to close, candidate to open) of the best swap."""
        profit = self.gain[None, :] - self.loss[:, None] + self.extra
        profit[:, self.is_open] = -np.inf
        profit[~movable, :] = -np.inf
        flat = int(np.argmax(profit))
        r, i = divmod(flat, profit.shape[1])
        return float(profit[r, i]), r, i

    def swap(self, position: int, site: int) -> None:
        closed = int(self.sites[position])
        touched = np.flatnonzero(
            (self.s1 == closed) | (self.s2 == closed) | (self.dist[:, site] < self.d2)
        )
        self._account(touched, -1.0)
        self.is_open[closed], self.is_open[site] = False, True
        self.sites[position] = site
        self.position[closed], self.position[site] = -1, position
        # Every point the closed site served was taken out above: its row is empty but for
        # rounding, and starts afresh for the site that takes its place.
        self.loss[position] = 0.0
        self.extra[position] = 0.0
        self._assign(touched)
        self._account(touched, +1.0)

    def value(self) -> float:
        return float(self.w @ self.d1)


def objective(dist: FloatArray, weights: FloatArray, open_sites: IntArray) -> float:
    return float(weights @ dist[:, open_sites].min(axis=1))


def greedy(dist: FloatArray, weights: FloatArray, k: int, fixed: IntArray) -> IntArray:
    """Add, one at a time, the site that lowers the total most (fixed sites open first)."""
    chosen = list(fixed.tolist())
    is_open = np.zeros(dist.shape[1], dtype=bool)
    is_open[fixed] = True
    if fixed.size:
        best = dist[:, fixed].min(axis=1)
    else:  # nothing open yet: the 1-median is the site with the least total distance
        score = weights @ dist
        pick = int(np.argmin(score))
        chosen.append(pick)
        is_open[pick] = True
        best = dist[:, pick].copy()
        k -= 1
    gain = weights @ np.maximum(best[:, None] - dist, 0.0)
    for _ in range(k):
        gain[is_open] = -np.inf
        pick = int(np.argmax(gain))
        chosen.append(pick)
        is_open[pick] = True
        # Only points the new site now serves change their term in every other site's gain.
        moved = np.flatnonzero(dist[:, pick] < best)
        rows, w = dist[moved], weights[moved]
        before = w @ np.maximum(best[moved, None] - rows, 0.0)
        best[moved] = dist[moved, pick]
        gain -= before - w @ np.maximum(best[moved, None] - rows, 0.0)
    return np.asarray(chosen, dtype=np.int64)


def local_search(state: _SwapState, movable: NDArray[np.bool_]) -> None:
    """Best-improvement swaps until none gains."""
    while True:
        profit, r, i = state.best_swap(movable)
        if profit <= _EPS:
            return
        state.swap(r, i)


def _copy(state: _SwapState) -> _SwapState:
    twin = object.__new__(_SwapState)
    twin.dist, twin.w, twin.far = state.dist, state.w, state.far
    for name in ("sites", "is_open", "position", "gain", "loss", "extra", "d1", "d2", "s1", "s2"):
        setattr(twin, name, getattr(state, name).copy())
    return twin


def solve(
    dist: FloatArray,
    weights: FloatArray | None,
    k: int,
    fixed: IntArray | None = None,
    *,
    seed: int = 0,
    stall_rounds: int | None = None,
    max_shakes: int | None = None,
    time_limit_s: float | None = 300.0,
) -> Solution:
    """Open ``k`` new sites among the columns of ``dist`` (rows: demand points).

    ``fixed`` are columns already open (existing stores). The search stops after
    ``stall_rounds`` shakes in a row without improvement or after ``max_shakes`` shakes in
    all: budgets of work, so a seed gives one answer however busy the machine is. By
    default the patience grows with k: with few sites there are few layouts near the best
    one, and each shake is dearer (a site's catchment is a large share of all points).
    ``time_limit_s`` is only a safety stop against a runaway input; ``stopped_by`` says
    when it was hit, since that answer depends on the machine's speed.
    """
    n_dem, n_cand = dist.shape
    w = np.ones(n_dem) if weights is None else np.asarray(weights, dtype=np.float64)
    fixed_arr = np.asarray(fixed if fixed is not None else [], dtype=np.int64)
    free = n_cand - fixed_arr.size
    if k < 0 or k > free:
        raise ValueError(f"k must be between 0 and {free}")
    if k == 0 or k == free:
        rest = np.setdiff1d(np.arange(n_cand), fixed_arr)
        sites = fixed_arr if k == 0 else np.concatenate([fixed_arr, rest])
        return Solution(tuple(int(x) for x in sites), objective(dist, w, sites))
    patience = stall_rounds if stall_rounds is not None else int(np.clip(8 * k, 40, 300))
    budget = max_shakes if max_shakes is not None else 20 * patience
    movable = np.zeros(fixed_arr.size + k, dtype=bool)
    movable[fixed_arr.size :] = True
    best = _SwapState(dist, w, greedy(dist, w, k, fixed_arr))
    local_search(best, movable)
    best_value = best.value()
    rng = np.random.default_rng(seed)
    # A shake opens a site near a point of the closed site's catchment, so the descent that
    # follows explores nearby layouts instead of undoing a random jump.
    near = np.argsort(dist, axis=1)[:, : min(n_cand, 12)]
    positions = np.flatnonzero(movable)
    deadline = None if time_limit_s is None else time.perf_counter() + time_limit_s
    strength, max_strength, stalled, shakes = 1, max(2, min(k, 8)), 0, 0
    stopped_by: StoppedBy = "converged"
    while stalled < patience:
        if shakes >= budget:
            stopped_by = "shake_budget"
            break
        if deadline is not None and time.perf_counter() >= deadline:
            stopped_by = "time_limit"
            break
        shakes += 1
        trial = _copy(best)
        for position in rng.choice(positions, size=min(strength, k), replace=False):
            catchment = np.flatnonzero(trial.s1 == trial.sites[position])
            point = rng.choice(catchment) if catchment.size else rng.integers(n_dem)
            options = near[point][~trial.is_open[near[point]]]
            if options.size:
                trial.swap(int(position), int(rng.choice(options)))
        local_search(trial, movable)
        value = trial.value()
        if value < best_value - _EPS:
            best, best_value, strength, stalled = trial, value, 1, 0
        else:
            strength = strength + 1 if strength < max_strength else 1
            stalled += 1
    new = [int(s) for s in best.sites[fixed_arr.size :]]
    return Solution(tuple(fixed_arr.tolist()) + tuple(new), best_value, shakes, stopped_by)


def order_by_saving(
    dist: FloatArray, weights: FloatArray, sites: IntArray, fixed: IntArray
) -> IntArray:
    """``sites`` in the order a greedy opening would pick them among themselves (the site
    that saves the most first), so a manager reading the list top down reads it by value."""
    remaining = [int(s) for s in sites]
    best = dist[:, fixed].min(axis=1) if fixed.size else None
    order: list[int] = []
    while remaining:
        if best is None:
            savings = -(weights @ dist[:, remaining])
        else:
            savings = weights @ np.maximum(best[:, None] - dist[:, remaining], 0.0)
        pick = remaining.pop(int(np.argmax(savings)))
        order.append(pick)
        best = dist[:, pick].copy() if best is None else np.minimum(best, dist[:, pick])
    return np.asarray(order, dtype=np.int64)
