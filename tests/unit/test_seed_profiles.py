"""The demo's unevenness rules: store sizes, the calendar, segments, baskets (no database)."""

from __future__ import annotations

import random
from datetime import date

from server.seed import profiles
from server.seed.baskets import COMPLEMENTS, Item, Shelf, basket, family_of


def test_a_tier_one_flagship_draws_several_times_a_small_tier_three_store() -> None:
    assert [profiles.city_tier(r) for r in (0, 3, 4, 13, 14, 29)] == [1, 1, 2, 2, 3, 3]
    big = profiles.store_weight(1, flagship=True)
    small = profiles.store_weight(3, flagship=False)
    assert big >= 5 * small


def test_weekends_holidays_and_the_cold_months_are_busier() -> None:
    saturday, tuesday = date(2026, 9, 12), date(2026, 9, 8)
    assert profiles.day_factor(saturday, 30, 180) > 1.5 * profiles.day_factor(tuesday, 30, 180)
    assert profiles.day_factor(date(2026, 6, 18), 30, 180) > 2 * profiles.day_factor(
        date(2026, 6, 11), 30, 180
    )
    assert profiles.day_factor(date(2026, 10, 20), 30, 180) > profiles.day_factor(
        date(2026, 7, 21), 30, 180
    )
    # The brand grows: the same day of the week weighs more lately.
    assert profiles.day_factor(saturday, 10, 180) > profiles.day_factor(saturday, 170, 180)


def _share(weights: tuple[float, ...], category: str) -> float:
    return weights[profiles.CATEGORIES.index(category)] / sum(weights)


def test_segments_and_seasons_prefer_different_categories() -> None:
    young_t1 = profiles.category_weights(1, "young", 6)
    senior_t3 = profiles.category_weights(3, "senior", 6)
    assert _share(young_t1, "packs") > 2 * _share(senior_t3, "packs")
    assert _share(senior_t3, "trousers") > 2 * _share(young_t1, "trousers")
    winter, summer = (profiles.category_weights(2, "mid", m) for m in (11, 7))
    assert _share(winter, "jackets") > 3 * _share(summer, "jackets")
    assert profiles.age_band(2000, 2026) == "young" and profiles.age_band(1970, 2026) == "senior"


def test_a_basket_carries_its_planted_complement_far_more_often_than_chance() -> None:
    items = {
        1: Item(1, "Down Parka Pro", "Black / M", 159900, "Down Parka", "jackets"),
        2: Item(2, "Buff Scarf Lite", "One size", 9900, "Buff Scarf", "accessories"),
        3: Item(3, "Trek Pants Urban", "Navy / 32", 39900, "Trek Pants", "trousers"),
    }
    shelf = Shelf(
        by_product={n: [i] for n, i in items.items()},
        by_category={"jackets": [1], "accessories": [2], "trousers": [3]},
        by_family={i.family: [n] for n, i in items.items()},
    )
    rng = random.Random(7)
    with_parka = [basket(rng, shelf, items[1]) for _ in range(2000)]
    with_pants = [basket(rng, shelf, items[3]) for _ in range(2000)]

    def scarf(baskets: list[list[tuple[Item, int]]]) -> float:
        return sum(any(i.family == "Buff Scarf" for i, _ in b) for b in baskets) / len(baskets)

    assert abs(scarf(with_parka) - COMPLEMENTS["Down Parka"][1]) < 0.06
    assert scarf(with_parka) > 5 * scarf(with_pants)
    assert family_of("Trek Pack 45L Summit") == "Trek Pack 45L"
