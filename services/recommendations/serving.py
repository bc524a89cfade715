"""The answers: a member's suggestions at a touchpoint, a product's "bought together".

Read only what training wrote (own tables, by primary key), then one statement each for
the offers (inventory's client) and what the member already bought (orders' public view),
and ``choice.choose`` decides what may be shown. Nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from services.platform.errors import NotFound
from services.platform.settings import Settings
from services.recommendations.choice import Bought, Candidate, choose
from services.recommendations.model import BOUGHT_TOGETHER, POPULAR_NEARBY
from services.recommendations.models import Home, Impression, MemberPick, Popular, Together
from services.recommendations.preferences import personalised
from services.recommendations.schemas import RecommendationList, Recommended
from stores.client import LocalStoresClient

#: Orders' declared view of purchases (``orders.client.PUBLIC_PURCHASES``), named here
#: rather than imported: orders tells shoppers about their order through this service's
#: client, so this service imports nothing from orders.
PUBLIC_PURCHASES = "orders.public_purchases"
#: Candidates read per source: enough that the filters rarely leave the answer short.
READ = 60
_BOUGHT = text(
    f"SELECT sku_id, sum(quantity)::int FROM {PUBLIC_PURCHASES}"
    " WHERE member_id = :member GROUP BY sku_id"
)


def bought_by(session: Session, member_id: int) -> Bought:
    """What the member bought (paid and kept), read live so a new order counts at once."""
    units = {int(sku): int(n) for sku, n in session.execute(_BOUGHT, {"member": member_id})}
    if not units:
        return Bought(frozenset(), {})
    products = LocalInventoryClient(session).products_of(list(units))
    return Bought(frozenset(products.values()), units)


def _popular(session: Session, scope: str, key: str) -> list[Candidate]:
    rows = session.scalars(
        select(Popular.product_id)
        .where(Popular.scope == scope, Popular.scope_key == key)
        .order_by(Popular.rank)
        .limit(READ)
    )
    return [Candidate(p, POPULAR_NEARBY) for p in rows]


def popular_nearby(session: Session, *, store_id: int | None, city: str | None) -> list[Candidate]:
    """The store's favourites, then its city's, then the brand's (a new member's list)."""
    found: list[Candidate] = []
    if store_id is not None:
        found += _popular(session, "store", str(store_id))
    if city:
        found += _popular(session, "city", city)
    return found + _popular(session, "all", "")


def _picks(session: Session, member_id: int) -> list[Candidate]:
    rows = session.execute(
        select(MemberPick.product_id, MemberPick.why)
        .where(MemberPick.member_id == member_id)
        .order_by(MemberPick.rank)
        .limit(READ)
    )
    return [Candidate(p, why) for p, why in rows]


def _where(
    session: Session, member_id: int, store_id: int | None, *, strict: bool
) -> tuple[int | None, int | None, str | None]:
    """The store to hand over from (None: any), and the store and city "nearby" means:
    the one asked, else the member's home store. A store not open is NotFound
    ``store_not_found`` when ``strict``, else ignored (an old order's closed store)."""
    if store_id is not None:
        store = LocalStoresClient(session).open_store(store_id)
        if store is not None:
            return store_id, store_id, store.city
        if strict:
            raise NotFound(f"store {store_id} is not open", code="store_not_found")
    home = session.get(Home, member_id)
    return (None, home.store_id, home.city) if home else (None, None, None)


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
    """The member's suggestions; ``store_id``: only what that store can hand over today.
    ``touchpoint``: where they are shown (recorded once a day for the wall)."""
    store_id, near_store, city = _where(session, member_id, store_id, strict=strict)
    personal = personalised(session, member_id)
    candidates = _picks(session, member_id) if personal else []
    candidates += popular_nearby(session, store_id=near_store, city=city)
    offers = LocalInventoryClient(session).offers(
        list(dict.fromkeys(c.product_id for c in candidates)), store_id=store_id
    )
    items = choose(
        candidates,
        offers,
        bought=bought_by(session, member_id),
        consumable=settings.recommendations_consumable_categories,
        excluded=excluded,
        limit=limit,
    )
    if touchpoint is not None:
        shown(session, member_id, items, touchpoint=touchpoint, store_id=store_id, now=now)
    return RecommendationList(personalised=personal, store_id=store_id, items=items)


def shown(
    session: Session,
    member_id: int,
    items: Sequence[Recommended],
    *,
    touchpoint: str,
    store_id: int | None,
    now: datetime,
) -> None:
    """Record the suggestions shown (once per member, product, touchpoint and day)."""
    if not items:
        return
    rows = [
        {
            "member_id": member_id,
            "product_id": item.product_id,
            "touchpoint": touchpoint,
            "shown_on": now.date(),
            "shown_at": now,
            "store_id": store_id,
        }
        for item in items
    ]
    session.execute(insert(Impression).values(rows).on_conflict_do_nothing())


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
    candidates = [Candidate(p, BOUGHT_TOGETHER) for p in others]
    offers = LocalInventoryClient(session).offers(list(others), store_id=None)
    return choose(
        candidates,
        offers,
        bought=Bought(frozenset(), {}),
        consumable=settings.recommendations_consumable_categories,
        excluded={product_id},
        limit=limit,
    )
