"""Pure: where a region is, and which members are the region's own.

A region's area is a latitude/longitude box (south, west, north, east). A member belongs to
a region when their first visit was to one of its stores, or when the home they consented to
share lies inside its area. A member may belong to two regions (a first visit in one, a home
in the other; a home where two boxes overlap) and then both may reach them; a member with
neither belongs to none and only HQ reaches them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
from numpy.typing import NDArray

Area = tuple[float, float, float, float]


def contains(area: Area, latitude: float, longitude: float) -> bool:
    """Whether the point lies in the box (edges included)."""
    south, west, north, east = area
    return south <= latitude <= north and west <= longitude <= east


def inside(area: Area, points: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Per (lat, lon) row: inside the box. NaN rows (no consented home) are outside."""
    south, west, north, east = area
    lat, lon = points[:, 0], points[:, 1]
    return (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)


def belongs(
    first_visit_region: NDArray[np.int64],
    homes: NDArray[np.float64],
    areas: Mapping[int, Area | None],
    region_ids: Collection[int],
) -> NDArray[np.bool_]:
    """Per member: their first visit's region (0: none) or their home is in ``region_ids``."""
    wanted = np.array(sorted(region_ids), dtype=np.int64)
    mask = np.isin(first_visit_region, wanted)
    points = homes.reshape(-1, 2)
    for region_id in wanted:
        area = areas.get(int(region_id))
        if area is not None:
            mask |= inside(area, points)
    return mask
