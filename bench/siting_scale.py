"""The scale run of ``bench/siting.py``, in its own process so its peak memory is its own:
members read from PostgreSQL, folded, 10,000 candidates, 200 stores, k = 20, R = 3 km."""

from __future__ import annotations

import json
import random
import resource
import time

import numpy as np

from server.seed.geography import chinese_cities, jitter, store_sites
from services.platform.db import make_engine
from services.platform.settings import get_settings
from services.siting.suggest import suggest


def _points(rng: random.Random, count: int, sigma_km: float) -> np.ndarray:
    cities = chinese_cities(min_population=300_000)
    picks = rng.choices(cities, weights=[c.population for c in cities], k=count)
    return np.asarray([jitter(rng, city, sigma_km) for city in picks])


def main() -> None:
    rng = random.Random(5)
    stores = np.asarray(
        [jitter(rng, city, 5.0) for city, n in store_sites(rng, 200) for _ in range(n)]
    )
    candidates = _points(rng, 10_000, 8.0)
    engine = make_engine(get_settings().database_url or "", pool_size=1, max_overflow=0)
    from sqlalchemy.orm import Session

    started = time.perf_counter()
    with Session(engine) as session:
        result = suggest(
            session, k=20, model="mclp", radius_km=3.0, existing=stores, candidates=candidates
        )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "scale_s": round(seconds, 2),
                "scale_peak_rss_mb": round(peak_mb, 1),
                "scale_members": result.members,
                "scale_cells": result.cells,
                "scale_fold_mean_shift_km": round(result.fold_mean_shift_km, 4),
                "scale_newly_covered": round(result.objective, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
