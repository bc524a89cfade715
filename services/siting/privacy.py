"""What a suggestion may say about where members live (pure; the report applies it).

The engine works on members' homes folded into small cells, and a site it generates
stands at one cell's members' mean: in a sparse area, one home. A manager sees only:
- sites at the centre of a square of a fixed grid ``cell_km`` wide (rows by latitude,
  columns by longitude scaled to the row, as the engine folds demand), never the point
  the engine chose;
- a site only where its square holds no member or at least ``min_members``: a square
  with fewer would point at those few homes, so the site moves to the centre of a square
  twice as wide, and so on (at most ``MAX_DOUBLINGS`` times), until it holds enough;
  past that it is left out (``suppressed``). Two sites in one square are one (the better
  ranked);
- distances measured from the reported centre, not from the hidden point.
The density picture drops squares of fewer than ``min_members`` the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from services.siting.engine.geo import EARTH_RADIUS_KM

_KM_PER_DEGREE = np.pi * EARTH_RADIUS_KM / 180.0
#: A sparse site's square widens at most this many times (1 km: up to 32 km).
MAX_DOUBLINGS = 5


@dataclass(frozen=True)
class Privacy:
    cell_km: float = 1.0
    min_members: int = 5


def square_of(lat: float, lon: float, cell_km: float) -> tuple[int, int]:
    """The grid square holding the point: (row, column)."""
    step = cell_km / _KM_PER_DEGREE
    row = int(np.floor(lat / step))
    col = int(np.floor(lon * np.cos(np.radians((row + 0.5) * step)) / step))
    return row, col


def centre_of(square: tuple[int, int], cell_km: float) -> tuple[float, float]:
    """The centre of a grid square, rounded to 6 decimals (about 0.1 m)."""
    step = cell_km / _KM_PER_DEGREE
    row, col = square
    lat = (row + 0.5) * step
    lon = (col + 0.5) * step / np.cos(np.radians(lat))
    return round(float(lat), 6), round(float(lon), 6)


def members_per_square(demand: np.ndarray, cell_km: float) -> dict[tuple[int, int], float]:
    """Members (the demand's weights) per grid square; ``demand`` rows are lat, lon, members."""
    counts: dict[tuple[int, int], float] = {}
    for lat, lon, members in demand:
        square = square_of(float(lat), float(lon), cell_km)
        counts[square] = counts.get(square, 0.0) + float(members)
    return counts


@dataclass(frozen=True)
class Shown:
    latitude: float
    longitude: float
    square_km: float


def reportable(
    points: Iterable[tuple[float, float]], demand: np.ndarray, rule: Privacy
) -> list[Shown | None]:
    """Where each point is reported, or None when it must not be (see the module)."""
    widths = [rule.cell_km * 2**level for level in range(MAX_DOUBLINGS + 1)]
    counts = [members_per_square(demand, width) for width in widths]
    taken: set[tuple[float, int, int]] = set()
    out: list[Shown | None] = []
    for lat, lon in points:
        found: Shown | None = None
        for width, per_square in zip(widths, counts, strict=True):
            square = square_of(lat, lon, width)
            members = per_square.get(square, 0.0)
            if 0 < members < rule.min_members:
                continue  # too few to hide among: widen
            if (width, *square) not in taken:
                taken.add((width, *square))
                found = Shown(*centre_of(square, width), width)
            break
        out.append(found)
    return out
