"""A base map shipped with the code, for pictures drawn offline: China's province outlines,
its own outline (whose seaward edge is the coast) and major cities, in ``china.geojson``
(about 230 KB; ``build.py`` says where it comes from and regenerates it). No tile server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("china.geojson")
Box = tuple[float, float, float, float]  # south, west, north, east


@dataclass(frozen=True)
class Outline:
    kind: str  # "country" or "province"
    name: str
    rings: list[list[tuple[float, float]]]  # (lon, lat)


@dataclass(frozen=True)
class City:
    name: str
    latitude: float
    longitude: float
    rank: int  # 1: the largest


@lru_cache(maxsize=1)
def _features() -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(PATH.read_text(encoding="utf-8"))["features"]
    return features


def _touches(ring: list[tuple[float, float]], box: Box) -> bool:
    south, west, north, east = box
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return min(lons) <= east and max(lons) >= west and min(lats) <= north and max(lats) >= south


def outlines(box: Box) -> Iterator[Outline]:
    """Outlines with a ring reaching into ``box`` (provinces first, the country last)."""
    found = []
    for feature in _features():
        kind = feature["properties"]["kind"]
        if kind == "city":
            continue
        rings = [
            [(float(x), float(y)) for x, y in polygon[0]]
            for polygon in feature["geometry"]["coordinates"]
        ]
        rings = [r for r in rings if _touches(r, box)]
        if rings:
            found.append(Outline(kind, feature["properties"]["name"], rings))
    found.sort(key=lambda o: o.kind == "country")
    return iter(found)


def cities(box: Box) -> list[City]:
    """Cities inside ``box``, largest first."""
    south, west, north, east = box
    out = []
    for feature in _features():
        if feature["properties"]["kind"] != "city":
            continue
        lon, lat = feature["geometry"]["coordinates"]
        if south <= lat <= north and west <= lon <= east:
            out.append(City(feature["properties"]["name"], lat, lon, feature["properties"]["rank"]))
    return sorted(out, key=lambda c: (c.rank, c.name))


Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_label(
    x: float, y: float, text: str, size: float, taken: list[Rect], gap: float = 6.0
) -> tuple[float, float, str] | None:
    """Where a label for the point (x, y) goes, greedily: right, left, above or below it,
    the first spot clear of every rectangle already ``taken`` (its own is then added); None
    when all four collide (the label is skipped, the point stays)."""
    w, h = 0.6 * size * len(text), size
    spots = [
        (x + gap, y + h / 3, "start", (x + gap, y - h / 2, x + gap + w, y + h / 2)),
        (x - gap, y + h / 3, "end", (x - gap - w, y - h / 2, x - gap, y + h / 2)),
        (x, y - gap, "middle", (x - w / 2, y - gap - h, x + w / 2, y - gap)),
        (x, y + gap + h, "middle", (x - w / 2, y + gap, x + w / 2, y + gap + h)),
    ]
    for lx, ly, anchor, rect in spots:
        if not any(_overlaps(rect, other) for other in taken):
            taken.append(rect)
            return lx, ly, anchor
    return None
