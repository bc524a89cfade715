"""Store-finder routing: a newly opened store comes first for the members around it (pure).

For ``days`` after it opens, a store within ``catchment_km`` of the member ranks ahead of
the others of its kind (stores holding the whole cart stay ahead of those holding part of
it). The boost never hides a nearer store that holds the whole cart: every complete store
the plain ranking would have shown is still shown; only stores that hold part of the cart
(or, with no cart, the farthest ones) give up their place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class NewStoreBoost:
    days: int
    catchment_km: float

    def applies(self, opened_on: datetime | None, distance_km: float, now: datetime) -> bool:
        """Open for less than ``days`` (and not in the future), and near enough."""
        if opened_on is None or self.days <= 0 or distance_km > self.catchment_km:
            return False
        return now - timedelta(days=self.days) <= opened_on <= now


@dataclass(frozen=True)
class Choice:
    store_id: int
    distance_km: float
    opened_on: datetime | None
    complete: bool = False  # holds the whole cart (pickup); a plain store list passes False


def route(
    choices: Sequence[Choice], *, boost: NewStoreBoost, now: datetime, limit: int
) -> list[int]:
    """Store ids in the order to show, at most ``limit``."""
    plain = sorted(choices, key=lambda c: (not c.complete, c.distance_km, c.store_id))
    kept = {c.store_id for c in plain[:limit] if c.complete}
    boosted = sorted(
        choices,
        key=lambda c: (
            not c.complete,
            not boost.applies(c.opened_on, c.distance_km, now),
            c.distance_km,
            c.store_id,
        ),
    )
    room = max(limit - len(kept), 0)
    shown: list[int] = []
    for choice in boosted:
        if choice.store_id in kept:
            shown.append(choice.store_id)
        elif room > 0:
            shown.append(choice.store_id)
            room -= 1
    return shown
