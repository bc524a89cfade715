"""The answers: a member's suggestions at a touchpoint, a product's "bought together".

Nothing is computed here. One statement (``CANDIDATES``) reads what training wrote (the
member's choice, picks, home store, what is popular there) and what they already bought
(orders' declared view, live: an order paid a moment ago counts), one more asks
inventory what of it can be offered now (``offers``), and ``choice.choose`` decides what
may be shown; what was shown is recorded (in the caller's transaction, or, for the
event-loop route, by its worker's queue: ``shown``). The same statements serve the sync
routes (order, member 360, pickup notice) and the event-loop route (the shopper's list).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient, Offer, offers_async
from services.platform import adb
from services.platform.db import fetch
from services.platform.errors import NotFound
from services.platform.settings import Settings
from services.recommendations.choice import NOTHING_BOUGHT, Bought, Candidate, choose
from services.recommendations.model import BOUGHT_TOGETHER
from services.recommendations.models import Together
from services.recommendations.schemas import RecommendationList, Recommended
from services.recommendations.shown import Showing, ShownQueue
from stores.client import LocalStoresClient, open_store_async
from stores.schemas import StoreRead

#: Orders' declared view of purchases (``orders.client.PUBLIC_PURCHASES``), named here
#: rather than imported: orders tells shoppers about their order through this service's
#: client, so this service imports nothing from orders.
PUBLIC_PURCHASES = "orders.public_purchases"
#: Candidates read per source: enough that the filters rarely leave the answer short.
READ = 60
#: Distinct candidates handed to inventory per item asked (at least ``FEWEST``): picks
#: never hold what was owned at training, so the filters rarely drop half. Each one costs
#: its SKUs' rows in ``offers`` (the larger part of the answer's time).
PER_ITEM = 2
FEWEST = 12
#: One row: the member's choice, their candidates in order (personal picks unless they
#: opted out, then popular at the store, in the city, overall) and the units of each SKU
#: they bought. ``%(store)s``/``%(city)s``: where "nearby" is (NULL: their home store).
CANDIDATES = f"""
WITH choice AS (
    SELECT coalesce((SELECT personalised FROM recommendations.preferences
                      WHERE member_id = %(member)s), true) AS personalised
), place AS (
    SELECT coalesce(%(store)s::int, h.store_id) AS store_id,
           coalesce(%(city)s::text, h.city) AS city
    FROM (SELECT 1) one
    LEFT JOIN recommendations.homes h ON h.member_id = %(member)s
), candidate AS (
    SELECT 0 AS part, p.rank, p.product_id, p.why
    FROM recommendations.member_picks p, choice
    WHERE p.member_id = %(member)s AND choice.personalised AND p.rank <= {READ}
    UNION ALL
    SELECT CASE pop.scope WHEN 'store' THEN 1 WHEN 'city' THEN 2 ELSE 3 END, pop.rank,
           pop.product_id, 'popular_nearby'
    FROM recommendations.popular pop, place
    WHERE pop.rank <= {READ}
      AND ((pop.scope = 'store' AND pop.scope_key = place.store_id::text)
        OR (pop.scope = 'city' AND pop.scope_key = place.city)
        OR (pop.scope = 'all' AND pop.scope_key = ''))
), owned AS (
    SELECT sku_id, sum(quantity)::int AS units FROM {PUBLIC_PURCHASES}
    WHERE member_id = %(member)s GROUP BY sku_id
), best AS (
    SELECT DISTINCT ON (product_id) product_id, why, part, rank
    FROM candidate ORDER BY product_id, part, rank
), kept AS (
    SELECT product_id, why, part, rank FROM best ORDER BY part, rank
    LIMIT CAST(%(read)s AS integer)
)
SELECT (SELECT personalised FROM choice) AS personalised,
       (SELECT array_agg(product_id ORDER BY part, rank) FROM kept) AS products,
       (SELECT array_agg(why ORDER BY part, rank) FROM kept) AS whys,
       (SELECT array_agg(sku_id) FROM owned) AS owned_skus,
       (SELECT array_agg(units) FROM owned) AS owned_units
"""
#: What was shown, once per member, product, touchpoint and day (the wall).
SHOWN = """
INSERT INTO recommendations.impressions
    (member_id, product_id, touchpoint, shown_on, shown_at, store_id)
SELECT CAST(%(member)s AS bigint), p, CAST(%(touchpoint)s AS text),
       CAST(%(at)s AS timestamptz)::date, CAST(%(at)s AS timestamptz), CAST(%(store)s AS integer)
FROM unnest(CAST(%(products)s AS integer[])) AS p
ON CONFLICT DO NOTHING
"""


def _params(member_id: int, store: StoreRead | None, limit: int) -> dict[str, Any]:
    return {
        "member": member_id,
        "read": max(FEWEST, PER_ITEM * limit),
        "store": store.id if store else None,
        "city": store.city if store else None,
    }


def _candidates(row: Mapping[str, Any]) -> list[Candidate]:
    return [Candidate(p, w) for p, w in zip(row["products"] or (), row["whys"] or (), strict=True)]


def owned(row: Mapping[str, Any], offers: Mapping[int, Offer]) -> Bought:
    """What the member bought, among the offered products (a product is owned when any of
    its SKUs, on sale or not, was bought)."""
    units = dict(zip(row["owned_skus"] or (), row["owned_units"] or (), strict=True))
    skus = set(units)
    return Bought(
        frozenset(pid for pid, offer in offers.items() if offer.all_sku_ids & skus), units
    )


def _answer(
    row: Mapping[str, Any],
    offers: Mapping[int, Offer],
    *,
    store_id: int | None,
    limit: int,
    settings: Settings,
    excluded: Collection[int],
) -> RecommendationList:
    items = choose(
        _candidates(row),
        offers,
        bought=owned(row, offers),
        consumable=settings.recommendations_consumable_categories,
        excluded=excluded,
        limit=limit,
    )
    return RecommendationList(personalised=row["personalised"], store_id=store_id, items=items)


def _store_or_404(store: StoreRead | None, store_id: int | None, *, strict: bool) -> None:
    if store is None and store_id is not None and strict:
        raise NotFound(f"store {store_id} is not open", code="store_not_found")


def _shown_params(
    member_id: int,
    items: Sequence[Recommended],
    touchpoint: str,
    store_id: int | None,
    now: datetime,
) -> dict[str, Any]:
    return {
        "member": member_id,
        "touchpoint": touchpoint,
        "at": now,
        "store": store_id,
        "products": [item.product_id for item in items],
    }


def recommend(
    session: Session,
    *,
    member_id: int,
    store_id: int | None,
    limit: int,
    settings: Settings,
    touchpoint: str | None,
    excluded: Collection[int] = (),
    now: datetime,
    strict: bool = True,
) -> RecommendationList:
    """The member's suggestions; ``store_id``: only what that open store can hand over
    today (not open: NotFound ``store_not_found`` when ``strict``, else no store).
    ``touchpoint``: where they are shown (recorded once a day, for the wall)."""
    store = LocalStoresClient(session).open_store(store_id) if store_id is not None else None
    _store_or_404(store, store_id, strict=strict)
    row = fetch(session, CANDIDATES, _params(member_id, store, limit))[0]
    asked = store.id if store else None
    offers = LocalInventoryClient(session).offers(
        list(dict.fromkeys(row["products"] or ())), store_id=asked
    )
    found = _answer(row, offers, store_id=asked, limit=limit, settings=settings, excluded=excluded)
    if touchpoint is not None and found.items:
        fetch(session, SHOWN, _shown_params(member_id, found.items, touchpoint, asked, now))
    return found


async def recommend_async(
    connection: adb.Connection,
    *,
    member_id: int,
    store_id: int | None,
    limit: int,
    settings: Settings,
    touchpoint: str,
    now: datetime,
    shown: ShownQueue,
) -> RecommendationList:
    """``recommend`` on the event loop (the shopper's list): the same two reads; what was
    shown goes to the worker's queue (``shown``), written in batches."""
    store = await open_store_async(store_id) if store_id is not None else None
    _store_or_404(store, store_id, strict=True)
    row = await adb.fetch_one(connection, CANDIDATES, _params(member_id, store, limit))
    assert row is not None
    asked = store.id if store else None
    offers = await offers_async(connection, list(dict.fromkeys(row["products"] or ())), asked)
    found = _answer(row, offers, store_id=asked, limit=limit, settings=settings, excluded=())
    shown.add([Showing(member_id, i.product_id, touchpoint, now, asked) for i in found.items])
    return found


def bought_together(
    session: Session, *, product_id: int, limit: int, settings: Settings
) -> list[Recommended]:
    """What the product's buyers also bought, on sale now (no member: nothing personal)."""
    others = session.scalars(
        select(Together.other_id)
        .where(Together.product_id == product_id)
        .order_by(Together.rank)
        .limit(READ)
    ).all()
    offers = LocalInventoryClient(session).offers(list(others), store_id=None)
    return choose(
        [Candidate(p, BOUGHT_TOGETHER) for p in others],
        offers,
        bought=NOTHING_BOUGHT,
        consumable=settings.recommendations_consumable_categories,
        excluded={product_id},
        limit=limit,
    )
