"""The Huff gravity model: each store's expected share of each demand cell.

    P(cell i -> store j) = A_j * d_ij^-beta / sum_k A_k * d_ik^-beta

A_j is the store's attractiveness (floor area, assortment, or 1 for all), beta the distance
decay. Stores beyond ``reach_km`` draw nothing from a cell (nobody crosses a city for a
store with a nearer twin), and distances are floored at ``floor_km`` so a member living next
door does not make the share infinite. For a proposed site, its expected members and what it
takes from each existing store (cannibalisation) are the differences in expected members
before and after it opens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from services.siting.engine.geo import FloatArray, SphereIndex, paired_km

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class HuffParams:
    beta: float = 2.0
    reach_km: float = 30.0
    floor_km: float = 0.5


@dataclass(frozen=True)
class SiteImpact:
    expected_members: float  # demand weight the new site is expected to draw
    taken_from: dict[int, float]  # existing store index -> weight it loses to the site


def shares(
    cells: FloatArray, stores: FloatArray, attractiveness: FloatArray, params: HuffParams
) -> csr_matrix:
    """Cell x store matrix of shares; each row sums to 1, or to 0 where no store is in reach."""
    if len(cells) == 0 or len(stores) == 0:
        return csr_matrix((len(cells), len(stores)))
    pairs = SphereIndex(cells).pairs_within(SphereIndex(stores), params.reach_km)
    if pairs.size == 0:
        return csr_matrix((len(cells), len(stores)))
    rows, cols = pairs[:, 0], pairs[:, 1]
    km = paired_km(cells[rows], stores[cols])
    pull = attractiveness[cols] * np.maximum(km, params.floor_km) ** -params.beta
    total = np.bincount(rows, weights=pull, minlength=len(cells))
    return csr_matrix((pull / total[rows], (rows, cols)), shape=(len(cells), len(stores)))


def expected_members(share: csr_matrix, weights: FloatArray) -> FloatArray:
    """Each store's expected members: the demand weight its shares add up to."""
    return np.asarray(share.T @ weights).ravel()


def impact_of_site(
    cells: FloatArray,
    weights: FloatArray,
    stores: FloatArray,
    attractiveness: FloatArray,
    site: FloatArray,
    site_attractiveness: float,
    params: HuffParams,
    cell_index: SphereIndex | None = None,
) -> SiteImpact:
    """What opening ``site`` draws, and from which store. Only cells within reach of the
    site change their shares, so only those are recomputed (``cell_index``: the cells'
    index, when the caller asks about several sites)."""
    index = cell_index if cell_index is not None else SphereIndex(cells)
    near = np.asarray(index.within(site.reshape(1, 2), params.reach_km)[0], dtype=np.int64)
    if near.size == 0:
        return SiteImpact(0.0, {})
    local, w = cells[near], weights[near]
    before = expected_members(shares(local, stores, attractiveness, params), w)
    with_site = np.vstack([stores, site.reshape(1, 2)])
    pulls = np.append(attractiveness, site_attractiveness)
    after = expected_members(shares(local, with_site, pulls, params), w)
    lost = before - after[:-1]
    taken = {int(j): float(lost[j]) for j in np.flatnonzero(lost > 1e-9)}
    return SiteImpact(float(after[-1]), taken)
