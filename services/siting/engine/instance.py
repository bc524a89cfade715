"""One siting problem as plain data in, the answer as plain data out.

The shape anyone can write by hand or export from a spreadsheet (``o2o siting solve``):

    {"model": "mclp" | "pmedian", "k": 3, "radius_km": 3.0,
     "demand": [[lat, lon, weight], ...], "candidates": [[lat, lon], ...],
     "existing": [[lat, lon], ...]}
"""

from __future__ import annotations

import time
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.siting.engine import coverage, pmedian
from services.siting.engine.geo import SphereIndex, great_circle_km

Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]

# A p-median distance matrix is demand x sites floats; past this it no longer fits in memory
# comfortably and the answer belongs to the cell-folded job path instead.
MAX_PMEDIAN_PAIRS = 25_000_000


class SitingInstance(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: Literal["mclp", "pmedian"]
    k: int = Field(ge=1, le=1000)
    radius_km: float | None = Field(default=None, gt=0, le=100)
    demand: list[tuple[Latitude, Longitude, Annotated[float, Field(ge=0)]]] = Field(min_length=1)
    candidates: list[tuple[Latitude, Longitude]] = Field(min_length=1)
    existing: list[tuple[Latitude, Longitude]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits(self) -> SitingInstance:
        if self.model == "mclp" and self.radius_km is None:
            raise ValueError("mclp needs radius_km")
        if self.k > len(self.candidates):
            raise ValueError("k is larger than the number of candidates")
        sites = len(self.candidates) + len(self.existing)
        if self.model == "pmedian" and len(self.demand) * sites > MAX_PMEDIAN_PAIRS:
            raise ValueError("too many demand points x sites for p-median; fold demand first")
        return self


def solve_instance(instance: SitingInstance, seed: int = 0) -> dict[str, object]:
    started = time.perf_counter()
    demand = np.asarray(instance.demand, dtype=np.float64).reshape(-1, 3)
    points, weights = demand[:, :2], demand[:, 2]
    candidates = np.asarray(instance.candidates, dtype=np.float64).reshape(-1, 2)
    existing = np.asarray(instance.existing, dtype=np.float64).reshape(-1, 2)
    if instance.model == "mclp":
        assert instance.radius_km is not None  # the validator guarantees it
        covered = np.zeros(len(points), dtype=bool)
        index = SphereIndex(points)
        if len(existing):
            covered[SphereIndex(existing).pairs_within(index, instance.radius_km)[:, 1]] = True
        pairs = SphereIndex(candidates).pairs_within(index, instance.radius_km)
        cover = coverage.cover_matrix(pairs, len(candidates), len(points))
        found = coverage.solve(cover, weights, instance.k, already_covered=covered, seed=seed)
        chosen, value = list(found.chosen), found.covered_weight
        covered_weight: float | None = found.covered_weight
    else:
        sites = np.vstack([candidates, existing]) if len(existing) else candidates
        dist = great_circle_km(points, sites)
        fixed = np.arange(len(candidates), len(sites), dtype=np.int64)
        solution = pmedian.solve(dist, weights, instance.k, fixed, seed=seed)
        picked = np.asarray(solution.chosen[len(fixed) :], dtype=np.int64)
        chosen = [int(s) for s in pmedian.order_by_saving(dist, weights, picked, fixed)]
        value, covered_weight = solution.objective, None
    return {
        "chosen": chosen,
        "objective": value,
        "covered_weight": covered_weight,
        "seconds": round(time.perf_counter() - started, 3),
    }
