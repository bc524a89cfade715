"""What makes the demo brand uneven: store sizes, city tiers, the calendar, shopper segments.

Pure rules the history draws from (tests/unit/test_seed_profiles.py):

* A store's **weight** (its share of traffic) comes from its city's tier (the 4 largest
  cities are tier 1, the next 10 tier 2, the rest tier 3) and whether it is the city's
  flagship (its first store, when the city has more than one): a tier-1 flagship draws
  about six times what a small tier-3 store does.
* A day's **factor** is read on the design calendar (``clock.CALENDAR`` minus the days
  before the anchor, like the guides' days off), so the same seed gives the same figures
  whatever the date: weekends busier, a seasonal swing (autumn and winter up for an
  outdoor brand, high summer down), holiday peaks (Labour Day, the 618 festival, Golden
  Week) and a brand growing over the half year.
* A shopper's **segment** (their store's city tier and their age band) and the season
  shift the category they come for: tier-1 cities buy more shells and city packs, tier-3
  more boots and trousers, the young more runners and packs, the older more jackets and
  trousers; jackets and fleece sell in the cold months, caps and packs in summer.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

TIER_BASE = {1: 3.0, 2: 1.6, 3: 0.8}
FLAGSHIP = 1.6
#: Monday first.
WEEKDAY = (0.8, 0.8, 0.85, 0.9, 1.1, 1.6, 1.5)
MONTH = {
    1: 1.2, 2: 1.0, 3: 0.95, 4: 0.95, 5: 0.9, 6: 0.95,
    7: 0.8, 8: 0.85, 9: 1.0, 10: 1.25, 11: 1.35, 12: 1.3,
}  # fmt: skip
#: (month, day) -> multiplier: Labour Day, the 618 shopping festival, Golden Week.
HOLIDAYS = {
    **{(5, d): 1.6 for d in range(1, 6)},
    (6, 16): 1.4, (6, 17): 1.8, (6, 18): 2.6,
    **{(10, d): 2.0 for d in range(1, 8)},
}  # fmt: skip
CATEGORIES = ("jackets", "fleece", "trousers", "footwear", "packs", "accessories")
#: How often each category is the reason for a visit, before segment and season.
BASE_SHARE = {
    "jackets": 1.0, "fleece": 0.9, "trousers": 0.9,
    "footwear": 1.0, "packs": 0.7, "accessories": 0.6,
}  # fmt: skip
TIER_TASTE = {
    1: {"jackets": 1.4, "packs": 1.3, "trousers": 0.8},
    2: {},
    3: {"footwear": 1.4, "trousers": 1.4, "jackets": 0.8, "packs": 0.7},
}
AGE_TASTE = {
    "young": {"footwear": 1.5, "packs": 1.4, "accessories": 1.2, "trousers": 0.7},
    "mid": {},
    "senior": {"jackets": 1.5, "trousers": 1.4, "footwear": 0.8, "packs": 0.6},
}
#: Month -> category multipliers (unlisted: 1.0).
SEASON_TASTE = {
    5: {"jackets": 0.6, "fleece": 0.6, "packs": 1.3, "accessories": 1.2},
    6: {"jackets": 0.45, "fleece": 0.5, "packs": 1.5, "accessories": 1.4},
    7: {"jackets": 0.35, "fleece": 0.4, "packs": 1.6, "accessories": 1.5},
    8: {"jackets": 0.45, "fleece": 0.5, "packs": 1.4, "accessories": 1.3},
    9: {"jackets": 0.9, "fleece": 1.0},
    10: {"jackets": 1.6, "fleece": 1.5, "packs": 0.8},
    11: {"jackets": 2.0, "fleece": 1.7, "packs": 0.7},
    12: {"jackets": 2.1, "fleece": 1.7, "packs": 0.6},
    1: {"jackets": 1.9, "fleece": 1.6, "packs": 0.6},
    2: {"jackets": 1.4, "fleece": 1.3},
}


def city_tier(rank: int) -> int:
    """The tier of the city ``rank``-th by population (0: the largest)."""
    return 1 if rank < 4 else 2 if rank < 14 else 3


def store_weight(tier: int, *, flagship: bool) -> float:
    """A store's share of traffic before its own noise."""
    return TIER_BASE[tier] * (FLAGSHIP if flagship else 1.0)


def day_factor(design_day: date, days_ago: int, span: int) -> float:
    """How busy a day is, ``days_ago`` before the anchor out of ``span`` days of history."""
    growth = 0.75 + 0.5 * (1 - days_ago / span)
    holiday = HOLIDAYS.get((design_day.month, design_day.day), 1.0)
    return WEEKDAY[design_day.weekday()] * MONTH[design_day.month] * holiday * growth


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return "mid"
    age = year - birth_year
    return "young" if age < 30 else "mid" if age < 45 else "senior"


@lru_cache
def category_weights(tier: int, band: str, month: int) -> tuple[float, ...]:
    """Weights over ``CATEGORIES`` for a shopper of this segment in this month."""
    return tuple(
        BASE_SHARE[c]
        * TIER_TASTE[tier].get(c, 1.0)
        * AGE_TASTE[band].get(c, 1.0)
        * SEASON_TASTE.get(month, {}).get(c, 1.0)
        for c in CATEGORIES
    )
