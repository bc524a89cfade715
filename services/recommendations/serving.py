"""The answers: a member's suggestions at a touchpoint, a product's "bought together".

Nothing is computed here. One statement (``MEMBER``) reads what training wrote about the
member (their choice, picks, home store) and what they already bought (orders' declared
view, live: an order paid a moment ago counts; the shopper's list keeps the row a few
seconds per worker, ``members``); another (``POPULAR``) what is popular
nearby; ``candidates`` merges them in order; inventory says what of it can be offered now
(``offers``), and ``choice.choose`` decides what may be shown; what was shown is recorded
(in the caller's transaction, or, for the event-loop route, by its worker's queue:
``shown``). The same statements serve the sync routes (order, member 360, pickup notice)
and the event-loop route (the shopper's list), where at most ``MEMBER`` runs per request:
the popular lists and the offers come from the worker's ``showcase``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient, Offer
from services.platform import adb
from services.platform.db import fetch
from services.platform.errors import NotFound
from services.platform.settings import Settings
from services.recommendations.choice import NOTHING_BOUGHT, Bought, Candidate, choose
from services.recommendations.model import BOUGHT_TOGETHER, POPULAR_NEARBY
from services.recommendations.models import Together
from services.recommendations.schemas import RecommendationList, Recommended
from services.recommendations.shown import Showing, ShownQueue
from stores.client import LocalStoresClient, open_store_async
from stores.schemas import StoreRead

if TYPE_CHECKING:  # the showcase reads its lists with this module's statements
    from services.recommendations.members import MemberCopies
    from services.recommendations.showcase import Connect, Showcase

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
#: One row, everything about the member an answer needs, read live (an order paid a
#: moment ago counts, an opt-out applies to the very next answer; the shopper's list keeps it
#: ``O2O_RECOMMENDATIONS_MEMBER_SECONDS`` per worker: ``members``): their choice, their
#: personal picks in order (ignored when they opted out), their home store and city, and
#: the units of each SKU they bought. Primary-key reads and one index scan of their
#: orders: no sort or union across sources (the candidates are merged in Python).
MEMBER = f"""
WITH owned AS (
    SELECT sku_id, sum(quantity)::int AS units FROM {PUBLIC_PURCHASES}
    WHERE member_id = %(member)s GROUP BY sku_id
), home AS (
    SELECT store_id, city FROM recommendations.homes WHERE member_id = %(member)s
), picks AS (
    SELECT product_id, why, rank FROM recommendations.member_picks
    WHERE member_id = %(member)s AND rank <= %(read)s
)
SELECT coalesce((SELECT personalised FROM recommendations.preferences
                  WHERE member_id = %(member)s), true) AS personalised,
       ARRAY(SELECT product_id FROM picks ORDER BY rank) AS products,
       ARRAY(SELECT why FROM picks ORDER BY rank) AS whys,
       (SELECT store_id FROM home) AS home_store_id,
       (SELECT city FROM home) AS home_city,
       ARRAY(SELECT sku_id FROM owned ORDER BY sku_id) AS owned_skus,
       ARRAY(SELECT units FROM owned ORDER BY sku_id) AS owned_units
"""
#: What is popular per store, per city and brand-wide, best first: at one place
#: (``%(store)s``, ``%(city)s``; NULL: none) or, with ``%(everywhere)s``, every list (what a
#: worker keeps in memory between retrains: ``showcase``).
POPULAR = f"""
SELECT scope, scope_key, array_agg(product_id ORDER BY rank) AS products
FROM recommendations.popular
WHERE rank <= {READ}
  AND (CAST(%(everywhere)s AS boolean)
       OR (scope = 'store' AND scope_key = CAST(%(store)s AS text))
       OR (scope = 'city' AND scope_key = CAST(%(city)s AS text))
       OR scope = 'all')
GROUP BY scope, scope_key
"""
#: A place's popular lists, nearest first (the order "popular nearby" is told in).
SCOPES = ("store", "city", "all")
#: What was shown, once per member, product, touchpoint and day (the wall).
SHOWN = """
INSERT INTO recommendations.impressions
    (member_id, product_id, touchpoint, shown_on, shown_at, store_id)
SELECT CAST(%(member)s AS bigint), p, CAST(%(touchpoint)s AS text),
       CAST(%(at)s AS timestamptz)::date, CAST(%(at)s AS timestamptz), CAST(%(store)s AS integer)
FROM unnest(CAST(%(products)s AS integer[])) AS p
ON CONFLICT DO NOTHING
"""


def _member_params(member_id: int, limit: int) -> dict[str, Any]:
    return {"member": member_id, "read": read_for(limit)}


def read_for(limit: int) -> int:
    """Candidates read for an answer of ``limit`` items."""
    return max(FEWEST, PER_ITEM * limit)


def place_of(row: Mapping[str, Any], store: StoreRead | None) -> tuple[int | None, str | None]:
    """Where "nearby" is: the asked store (and its city), else the member's home."""
    if store is not None:
        return store.id, store.city
    return row["home_store_id"], row["home_city"]


Popular = Mapping[tuple[str, str], Sequence[int]]


def candidates(
    row: Mapping[str, Any], popular: Popular, place: tuple[int | None, str | None], *, read: int
) -> list[Candidate]:
    """The member's candidates in order, each product once, at most ``read``: their personal
    picks (unless they opted out), then what is popular at the place's store, in its city,
    brand-wide."""
    found: dict[int, str] = {}
    if row["personalised"]:
        for product, why in zip(row["products"] or (), row["whys"] or (), strict=True):
            found.setdefault(product, why)
    store_id, city = place
    keys = {"store": str(store_id) if store_id is not None else None, "city": city, "all": ""}
    for scope in SCOPES:
        key = keys[scope]
        if len(found) >= read:
            break
        if key is not None:
            for product in popular.get((scope, key), ()):
                found.setdefault(product, POPULAR_NEARBY)
    return [Candidate(p, w) for p, w in list(found.items())[:read]]


def popular_lists(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], list[int]]:
    return {(r["scope"], r["scope_key"]): list(r["products"]) for r in rows}


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
    found: Sequence[Candidate],
    offers: Mapping[int, Offer],
    *,
    store_id: int | None,
    limit: int,
    settings: Settings,
    excluded: Collection[int],
) -> RecommendationList:
    items = choose(
        found,
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
    row = fetch(session, MEMBER, _member_params(member_id, limit))[0]
    place = place_of(row, store)
    popular = popular_lists(
        fetch(session, POPULAR, {"everywhere": False, "store": place[0], "city": place[1]})
    )
    found = candidates(row, popular, place, read=read_for(limit))
    asked = store.id if store else None
    offers = LocalInventoryClient(session).offers([c.product_id for c in found], store_id=asked)
    answer = _answer(
        row, found, offers, store_id=asked, limit=limit, settings=settings, excluded=excluded
    )
    if touchpoint is not None and answer.items:
        fetch(session, SHOWN, _shown_params(member_id, answer.items, touchpoint, asked, now))
    return answer


async def recommend_async(
    connect: Connect,
    *,
    member_id: int,
    store_id: int | None,
    limit: int,
    settings: Settings,
    touchpoint: str,
    now: datetime,
    shown: ShownQueue,
    showcase: Showcase,
    members: MemberCopies,
) -> RecommendationList:
    """``recommend`` on the event loop (the shopper's list): at most one statement, the
    member's (``MEMBER``, kept by the worker's ``members`` copy for a few seconds); what is
    popular and what can be offered come from the worker's ``showcase`` (read again when
    stale); what was shown goes to the worker's queue (``shown``), written in batches.
    ``connect`` takes a connection only for what memory could not answer."""
    store = await open_store_async(store_id) if store_id is not None else None
    _store_or_404(store, store_id, strict=True)
    read = read_for(limit)
    row = members.get(member_id, read=read)
    if row is None:
        generation = members.generation()
        row = await adb.fetch_one(await connect(), MEMBER, _member_params(member_id, limit))
        assert row is not None
        members.keep(member_id, row, read=read, generation=generation)
    place = place_of(row, store)
    popular = await showcase.popular(connect)
    found = candidates(row, popular, place, read=read)
    asked = store.id if store else None
    offers = await showcase.offers(connect, [c.product_id for c in found], asked)
    answer = _answer(
        row, found, offers, store_id=asked, limit=limit, settings=settings, excluded=()
    )
    shown.add([Showing(member_id, i.product_id, touchpoint, now, asked) for i in answer.items])
    return answer


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
