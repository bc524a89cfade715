"""Member locations folded into demand cells on a metric grid.

Cells are ``cell_km`` squares: rows by latitude, columns by longitude scaled by the cosine of
the row's latitude, so a cell is about ``cell_km`` wide anywhere in China. Each cell stands at
the weighted centre of its members (not at the square's centre), which keeps the shift small:
no member moves more than the cell's diagonal, and on average far less. ``displacement_km``
reports what the folding moved, so the error is measured, not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from services.siting.engine.geo import EARTH_RADIUS_KM, FloatArray, paired_km

_KM_PER_DEGREE = np.pi * EARTH_RADIUS_KM / 180.0


@dataclass(frozen=True)
class Demand:
    cells: FloatArray  # (n, 2) lat, lon: the weighted centre of each cell's members
    weights: FloatArray  # (n,) members (or spend) per cell
    mean_shift_km: float  # weighted mean distance a member moved to its cell's centre
    max_shift_km: float


def fold(lat_lon: FloatArray, weights: FloatArray | None = None, cell_km: float = 0.25) -> Demand:
    if len(lat_lon) == 0:
        empty = np.zeros((0, 2))
        return Demand(empty, np.zeros(0), 0.0, 0.0)
    w = np.ones(len(lat_lon)) if weights is None else np.asarray(weights, dtype=np.float64)
    step = cell_km / _KM_PER_DEGREE
    row = np.floor(lat_lon[:, 0] / step).astype(np.int64)
    row_lat = np.radians((row + 0.5) * step)
    col = np.floor(lat_lon[:, 1] * np.cos(row_lat) / step).astype(np.int64)
    key = row * 4_000_003 + col  # columns stay well below this at any latitude we serve
    cells_of, index = np.unique(key, return_inverse=True)
    total = np.bincount(index, weights=w, minlength=len(cells_of))
    safe = np.where(total > 0, total, 1.0)
    lat = np.bincount(index, weights=w * lat_lon[:, 0], minlength=len(cells_of)) / safe
    lon = np.bincount(index, weights=w * lat_lon[:, 1], minlength=len(cells_of)) / safe
    centres = np.column_stack((lat, lon))
    shift = paired_km(lat_lon, centres[index])
    mean_shift = float((w * shift).sum() / w.sum()) if w.sum() > 0 else 0.0
    return Demand(centres, total.astype(np.float64), mean_shift, float(shift.max()))
