"""A suggestion as a manager reads it: stores by name, sites and density only as
``privacy`` allows, a CSV (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from geopy.distance import great_circle

from services.platform import csv_export
from services.siting.privacy import Privacy, reportable
from services.siting.suggest import SuggestionResult

Box = tuple[float, float, float, float]  # south, west, north, east

#: The map's density grid: at most this many squares a side (a readable picture, and a
#: bounded answer whatever the region's size).
GRID_SQUARES = 48


@dataclass(frozen=True)
class StoreMark:
    """An existing store as the job saw it: the engine knows it by index, people by name."""

    store_id: int
    code: str
    name: str
    latitude: float
    longitude: float

    def named(self) -> dict[str, Any]:
        return {"store_id": self.store_id, "code": self.code, "name": self.name}


def region_box(points: Sequence[tuple[float, float]], margin_km: float) -> Box:
    """The stores' bounding box grown by ``margin_km`` each way (members just outside count)."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    dlat = margin_km / 111.195
    mid = np.radians((min(lats) + max(lats)) / 2)
    dlon = margin_km / (111.195 * max(float(np.cos(mid)), 0.01))
    return (
        max(min(lats) - dlat, -90.0),
        max(min(lons) - dlon, -180.0),
        min(max(lats) + dlat, 90.0),
        min(max(lons) + dlon, 180.0),
    )


def density_grid(
    demand: np.ndarray, box: Box, squares: int = GRID_SQUARES, min_members: int = 1
) -> dict[str, Any]:
    """Members per grid square over ``box``: ``[row, col, members]`` for non-empty squares.

    Row 0 is the southern edge, column 0 the western; squares are equal in degrees. A
    square of fewer than ``min_members`` is left out, its members counted in
    ``suppressed_members`` (``privacy``).
    """
    south, west, north, east = box
    if len(demand) == 0:
        return {"rows": squares, "cols": squares, "squares": [], "suppressed_members": 0.0}
    row = np.clip(((demand[:, 0] - south) / (north - south) * squares).astype(int), 0, squares - 1)
    col = np.clip(((demand[:, 1] - west) / (east - west) * squares).astype(int), 0, squares - 1)
    sums = np.bincount(row * squares + col, weights=demand[:, 2], minlength=squares * squares)
    shown = (sums > 0) & (sums >= min_members)
    return {
        "rows": squares,
        "cols": squares,
        "squares": [
            [int(i // squares), int(i % squares), round(float(sums[i]), 1)]
            for i in np.nonzero(shown)[0]
        ],
        "suppressed_members": round(float(sums[~shown].sum()), 1),  # empty ones add 0
    }


def named_result(
    result: SuggestionResult, stores: Sequence[StoreMark], box: Box, rule: Privacy = Privacy()
) -> dict[str, Any]:
    """The engine's answer as a manager may read it: every store index replaced by the store
    it stands for, sites snapped to grid squares and sparse ones left out (``privacy``)."""
    shown = reportable(((s.latitude, s.longitude) for s in result.sites), result.demand, rule)
    sites: list[dict[str, Any]] = []
    for site, place in zip(result.sites, shown, strict=True):
        if place is None:
            continue
        near = None if site.nearest_store is None else stores[site.nearest_store]
        takes = sorted(site.takes_from.items(), key=lambda kv: -kv[1])
        centre = (place.latitude, place.longitude)
        km = None if near is None else great_circle(centre, (near.latitude, near.longitude)).km
        sites.append(
            {
                "rank": len(sites) + 1,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "square_km": place.square_km,
                "newly_covered": round(site.newly_covered, 1),
                "adds": round(site.adds, 1),
                "nearest_store": None if near is None else near.named(),
                "nearest_store_km": None if km is None else round(km, 3),
                "huff_members": site.huff_members,
                "takes_from": [{**stores[j].named(), "members": v} for j, v in takes],
            }
        )
    return {
        "members": result.members,
        "cells": result.cells,
        "fold_mean_shift_km": round(result.fold_mean_shift_km, 4),
        "objective": round(float(result.objective), 3),
        "box": list(box),
        "existing": [
            {**s.named(), "latitude": s.latitude, "longitude": s.longitude} for s in stores
        ],
        "sites": sites,
        "suppressed_sites": len(result.sites) - len(sites),
        "site_square_km": rule.cell_km,
        "density": density_grid(result.demand, box, min_members=rule.min_members),
    }


CSV_HEADER = (
    "rank",
    "latitude",
    "longitude",
    "newly_covered",
    "adds",
    "nearest_store_id",
    "nearest_store",
    "nearest_store_km",
    "huff_members",
    "takes_from",
)


def sites_csv(result: dict[str, Any]) -> str:
    """One row per ranked site; ``takes_from`` as ``CODE:members`` pairs split by ``;``."""
    rows = []
    for site in result["sites"]:
        near = site["nearest_store"] or {}
        rows.append(
            (
                site["rank"],
                site["latitude"],
                site["longitude"],
                site["newly_covered"],
                site["adds"],
                near.get("store_id"),
                near.get("name"),
                site["nearest_store_km"],
                site["huff_members"],
                ";".join(f"{t['code']}:{t['members']}" for t in site["takes_from"]),
            )
        )
    return csv_export.encode(CSV_HEADER, rows)
