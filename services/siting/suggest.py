"""From member rows to ranked store sites: read, fold, choose, explain.

The engine does the choosing; this module feeds it from the database (members' consented
homes through the members client) and turns its answer into what a manager reads: each
site's newly covered members, what it adds to those above it, its nearest existing store,
and the Huff estimate of its members and of what it takes from each store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import structlog
from geopy.distance import great_circle
from sqlalchemy.orm import Session

from services.members.client import LocalMembersClient
from services.siting.engine import coverage, demand, huff, pmedian
from services.siting.engine.geo import FloatArray, SphereIndex, great_circle_km
from stores.client import LocalStoresClient

log = structlog.get_logger(__name__)

# Candidates generated from demand: the heaviest cells, at most this many (the engine's cover
# matrix grows with candidates x cells in reach).
GENERATED_CANDIDATES = 2_000
# p-median needs every cell x site distance; fold coarser until the matrix stays this small.
PMEDIAN_PAIRS = 20_000_000

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Suggestion:
    latitude: float
    longitude: float
    candidate: int  # index in the candidate list
    newly_covered: float  # members within the radius that no existing store covers
    adds: float  # what this site adds to the sites ranked above it
    nearest_store: int | None  # index in the existing list
    nearest_store_km: float | None
    huff_members: float
    takes_from: dict[int, float]  # existing index -> members expected to move


@dataclass(frozen=True)
class SuggestionResult:
    members: int
    cells: int
    fold_mean_shift_km: float
    objective: float
    sites: list[Suggestion]
    # (n, 3) lat, lon, members of each demand cell: what a map of the result shades.
    demand: FloatArray = field(default_factory=lambda: np.zeros((0, 3)))


def _quiet(stage: str, percent: int) -> None:
    del stage, percent


def suggest(
    session: Session,
    *,
    k: int,
    model: Literal["mclp", "pmedian"],
    radius_km: float,
    existing: FloatArray,
    candidates: FloatArray | None = None,
    box: tuple[float, float, float, float] = (-90.0, -180.0, 90.0, 180.0),
    cell_km: float = 0.25,
    seed: int = 0,
    progress: Progress = _quiet,
    region_id: int | None = None,
) -> SuggestionResult:
    """Sites for demand in ``box``; with ``region_id``, only that region's own members count."""
    progress("reading members", 5)
    if region_id is None:
        homes = LocalMembersClient(session).consented_homes(box)
    else:
        ids, homes = LocalMembersClient(session).consented_homes_with_ids(box)
        homes = homes[LocalStoresClient(session).members_of_regions(ids, homes, [region_id])]
    progress("folding members into cells", 25)
    folded = demand.fold(homes, cell_km=cell_km)
    cells, weights = folded.cells, folded.weights
    if candidates is None:
        heaviest = np.argsort(weights)[::-1][:GENERATED_CANDIDATES]
        candidates = cells[heaviest]
    if len(candidates) < k:
        raise ValueError("fewer candidate sites than sites asked for")
    progress("choosing sites", 45)
    cell_index = SphereIndex(cells)
    covered = np.zeros(len(cells), dtype=bool)
    if len(existing):
        covered[SphereIndex(existing).pairs_within(cell_index, radius_km)[:, 1]] = True
    cover = coverage.cover_matrix(
        SphereIndex(candidates).pairs_within(cell_index, radius_km), len(candidates), len(cells)
    )
    if model == "mclp":
        found = coverage.solve(cover, weights, k, already_covered=covered, seed=seed)
        chosen, objective = np.asarray(found.chosen, dtype=np.int64), found.covered_weight
    else:
        chosen, objective = _pmedian(cells, weights, candidates, existing, k, seed)
    progress("explaining the sites", 80)
    sites = _explain(cells, cell_index, weights, covered, cover, candidates, existing, chosen)
    progress("done", 100)
    return SuggestionResult(
        len(homes),
        len(cells),
        folded.mean_shift_km,
        objective,
        sites,
        np.column_stack((cells, weights)) if len(cells) else np.zeros((0, 3)),
    )


def _pmedian(
    cells: FloatArray,
    weights: FloatArray,
    candidates: FloatArray,
    existing: FloatArray,
    k: int,
    seed: int,
) -> tuple[np.ndarray, float]:
    sites = np.vstack([candidates, existing]) if len(existing) else candidates
    if len(cells) * len(sites) > PMEDIAN_PAIRS:
        raise ValueError("too many cells x sites for p-median: use a larger cell or fewer sites")
    dist = great_circle_km(cells, sites)
    fixed = np.arange(len(candidates), len(sites), dtype=np.int64)
    solution = pmedian.solve(dist, weights, k, fixed, seed=seed)
    if solution.stopped_by == "time_limit":  # the one case where the answer depends on load
        log.warning("siting_pmedian_safety_stop", shakes=solution.shakes, k=k, sites=len(sites))
    picked = np.asarray(solution.chosen[len(fixed) :], dtype=np.int64)
    return pmedian.order_by_saving(dist, weights, picked, fixed), solution.objective


def _explain(
    cells: FloatArray,
    cell_index: SphereIndex,
    weights: FloatArray,
    covered: np.ndarray,
    cover: coverage.csr_matrix,
    candidates: FloatArray,
    existing: FloatArray,
    chosen: np.ndarray,
) -> list[Suggestion]:
    open_weight = np.where(covered, 0.0, weights)
    remaining = open_weight.copy()
    nearest_ix: np.ndarray | None = None
    if len(existing):
        nearest_ix = SphereIndex(existing).nearest(candidates[chosen])[1]
    params = huff.HuffParams()
    stores_pull = np.ones(len(existing))
    out: list[Suggestion] = []
    for rank, site in enumerate(chosen):
        reach = cover[int(site)].indices
        newly = float(open_weight[reach].sum())
        adds = float(remaining[reach].sum())
        remaining[reach] = 0.0
        point = candidates[int(site)]
        impact = huff.impact_of_site(
            cells, weights, existing.reshape(-1, 2), stores_pull, point, 1.0, params, cell_index
        )
        store = None if nearest_ix is None else int(nearest_ix[rank])
        km = (  # the index finds the store; geopy gives the figure people read
            None
            if store is None
            else round(great_circle(tuple(point), tuple(existing[store])).km, 3)
        )
        out.append(
            Suggestion(
                latitude=round(float(point[0]), 6),
                longitude=round(float(point[1]), 6),
                candidate=int(site),
                newly_covered=newly,
                adds=adds,
                nearest_store=store,
                nearest_store_km=km,
                huff_members=round(impact.expected_members, 1),
                takes_from={j: round(v, 1) for j, v in impact.taken_from.items() if v >= 0.05},
            )
        )
    return out
