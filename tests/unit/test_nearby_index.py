"""The nearby index agrees with a brute-force geopy search."""

from __future__ import annotations

import random

import pytest
from geopy.distance import great_circle

from stores.nearby import NearbyIndex, StorePoint


def brute_force(
    points: list[StorePoint], lat: float, lon: float, radius_km: float, limit: int
) -> list[tuple[int, float]]:
    hits = sorted(
        (great_circle((lat, lon), (p.latitude, p.longitude)).km, p.store_id) for p in points
    )
    return [(sid, km) for km, sid in hits if km <= radius_km][:limit]


@pytest.mark.slow  # brute force over every store for every point
@pytest.mark.parametrize("seed", range(8))
def test_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    points = [
        StorePoint(i, rng.uniform(20.0, 45.0), rng.uniform(100.0, 125.0)) for i in range(1500)
    ]
    index = NearbyIndex(points)
    for _ in range(40):
        lat, lon = rng.uniform(20.0, 45.0), rng.uniform(100.0, 125.0)
        radius, limit = rng.choice((5, 50, 200, 800)), rng.choice((1, 5, 20))
        got = index.query(lat, lon, radius_km=radius, limit=limit)
        want = brute_force(points, lat, lon, radius, limit)
        assert [s for s, _ in got] == [s for s, _ in want]
        for (_, km_got), (_, km_want) in zip(got, want, strict=True):
            assert km_got == pytest.approx(km_want, abs=1e-9)


def test_radius_boundary_and_empty_index() -> None:
    index = NearbyIndex([StorePoint(1, 31.0, 121.0), StorePoint(2, 31.1, 121.0)])
    km = great_circle((31.0, 121.0), (31.1, 121.0)).km
    assert [s for s, _ in index.query(31.0, 121.0, radius_km=km + 0.001, limit=5)] == [1, 2]
    assert [s for s, _ in index.query(31.0, 121.0, radius_km=km - 0.001, limit=5)] == [1]
    assert NearbyIndex([]).query(31.0, 121.0, radius_km=10, limit=5) == []
    assert index.query(31.0, 121.0, radius_km=10, limit=0) == []


def test_across_the_antimeridian() -> None:
    index = NearbyIndex([StorePoint(1, 0.0, 179.95), StorePoint(2, 0.0, -179.95)])
    hits = index.query(0.0, 179.99, radius_km=50, limit=5)
    assert [s for s, _ in hits] == [1, 2]


def test_the_distance_is_geopys_great_circle_to_the_last_bit() -> None:
    from stores.nearby import great_circle_km

    rng = random.Random(7)
    pairs = [
        (
            (rng.uniform(-90, 90), rng.uniform(-180, 180)),
            (rng.uniform(-90, 90), rng.uniform(-180, 180)),
        )
        for _ in range(2000)
    ]
    pairs += [((0.0, 179.95), (0.0, -179.95)), ((90.0, 0.0), (-90.0, 0.0)), ((31.2, 121.4),) * 2]
    pairs += [((0.0, 0.0), (0.0, 180.0)), ((-33.9, 151.2), (51.5, -0.1))]
    for a, b in pairs:
        assert great_circle_km(*a, *b) == great_circle(a, b).km, (a, b)
