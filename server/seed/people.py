"""Demo people: guide and manager names, member rows placed by city population."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from server.seed.geography import chinese_cities, jitter

SURNAMES = (
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
)
GIVEN = (
    "Wei",
    "Fang",
    "Na",
    "Min",
    "Jing",
    "Lei",
    "Jun",
    "Yan",
    "Tao",
    "Ming",
    "Xin",
    "Hui",
    "Qiang",
)
DEMO_PASSWORD = "demo1234"
MEMBER_COLUMNS = (
    "openid",
    "phone",
    "name",
    "birthday",
    "home_latitude",
    "home_longitude",
    "home_city",
    "location_consent_at",
    "joined_at",
    "points",
)


def person_name(rng: random.Random) -> str:
    return (
        f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}{rng.choice(('', rng.choice(GIVEN).lower()))}"
    )


def member_rows(rng: random.Random, count: int, now: datetime) -> Iterator[tuple[object, ...]]:
    """``count`` members around cities in proportion to population; 85 % share a location."""
    cities = chinese_cities(min_population=300_000)
    weights = [c.population for c in cities]
    picks = rng.choices(cities, weights=weights, k=count)
    start = now - timedelta(days=3 * 365)
    for i, city in enumerate(picks):
        joined = start + timedelta(seconds=rng.randrange(int((now - start).total_seconds())))
        consent = rng.random() < 0.85
        lat, lon = (
            jitter(rng, city, sigma_km=4.0 + city.population / 2_000_000)
            if consent
            else (None, None)
        )
        birthday = date(rng.randint(1965, 2006), rng.randint(1, 12), rng.randint(1, 28))
        yield (
            f"demo-openid-{i:06d}",
            f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            person_name(rng),
            birthday,
            lat,
            lon,
            city.name if consent else None,
            joined if consent else None,
            joined.astimezone(UTC),
            rng.choice((0, 0, 50, 120, 300, 800, 1500)),
        )
