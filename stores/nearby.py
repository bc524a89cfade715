"""Nearest open stores: a latitude-sorted index with a vectorised prefilter.

Ranking uses a numpy haversine over the stores inside the query's latitude
band (binary search) and longitude window; the distances reported are geopy's
``great_circle`` on the same sphere (its formula, ``great_circle_km``: building geopy's
objects for the twenty answers was 13 % of the store finder's CPU). ``geodesic``
(WGS-84) costs ~100 us a call against ~10 us for great_circle and differs by < 0.5 %,
which does not matter for "2.3 km away" (see bench/stores_nearby.py, which measures both).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from geopy.distance import EARTH_RADIUS

KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS / 180.0


@dataclass(frozen=True)
class StorePoint:
    store_id: int
    latitude: float
    longitude: float


class NearbyIndex:
    """Immutable index of store points, queried by centre, radius and limit."""

    def __init__(self, points: Sequence[StorePoint]) -> None:
        ordered = sorted(points, key=lambda p: p.latitude)
        self._ids = np.array([p.store_id for p in ordered], dtype=np.int64)
        self._lat = np.array([p.latitude for p in ordered], dtype=np.float64)
        self._lon = np.array([p.longitude for p in ordered], dtype=np.float64)
        self._lat_rad = np.radians(self._lat)
        self._lon_rad = np.radians(self._lon)

    def __len__(self) -> int:
        return int(self._ids.size)

    def query(
        self, latitude: float, longitude: float, *, radius_km: float, limit: int
    ) -> list[tuple[int, float]]:
        """Up to ``limit`` (store id, km) within ``radius_km``, nearest first."""
        if not len(self) or limit <= 0:
            return []
        dlat = radius_km / KM_PER_DEGREE_LAT
        lo = int(np.searchsorted(self._lat, latitude - dlat, side="left"))
        hi = int(np.searchsorted(self._lat, latitude + dlat, side="right"))
        if lo >= hi:
            return []
        lat_rad, lon_rad = self._lat_rad[lo:hi], self._lon_rad[lo:hi]
        coslat = math.cos(math.radians(min(abs(latitude) + dlat, 89.9)))
        dlon = radius_km / (KM_PER_DEGREE_LAT * max(coslat, 1e-6))
        if dlon < 180.0:
            delta = np.abs((self._lon[lo:hi] - longitude + 180.0) % 360.0 - 180.0)
            window = np.nonzero(delta <= dlon)[0]
        else:
            window = np.arange(hi - lo)
        if window.size == 0:
            return []
        km = _haversine_km(
            math.radians(latitude), math.radians(longitude), lat_rad[window], lon_rad[window]
        )
        inside = np.nonzero(km <= radius_km)[0]
        if inside.size == 0:
            return []
        if inside.size > limit:
            nearest = inside[np.argpartition(km[inside], limit - 1)[:limit]]
        else:
            nearest = inside
        nearest = nearest[np.argsort(km[nearest], kind="stable")]
        rows = window[nearest] + lo
        return [
            (int(self._ids[i]), great_circle_km(latitude, longitude, self._lat[i], self._lon[i]))
            for i in rows
        ]


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """geopy's ``great_circle((lat1, lon1), (lat2, lon2)).km``, step for step (the same
    floats), without parsing two ``Point``s; for valid degrees (what the index holds and
    the finder's inputs accept)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    sin1, cos1 = math.sin(phi1), math.cos(phi1)
    sin2, cos2 = math.sin(phi2), math.cos(phi2)
    delta = math.radians(float(lon2)) - math.radians(float(lon1))
    cos_d, sin_d = math.cos(delta), math.sin(delta)
    d = math.atan2(
        math.sqrt((cos2 * sin_d) ** 2 + (cos1 * sin2 - sin1 * cos2 * cos_d) ** 2),
        sin1 * sin2 + cos1 * cos2 * cos_d,
    )
    return float(EARTH_RADIUS * d)


def _haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    a = (
        np.sin((lats - lat) / 2.0) ** 2
        + math.cos(lat) * np.cos(lats) * np.sin((lons - lon) / 2.0) ** 2
    )
    result: np.ndarray = 2.0 * EARTH_RADIUS * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    return result
