"""Training and refreshing, off the request path (beat and the seed call these).

``train`` (the full retrain, every ``O2O_RECOMMENDATIONS_RETRAIN_HOURS``): every purchase
and signed-in product view, ``model.fit``, then each member's picks, each product's
bought-together list, what is popular per store, city and brand, and each member's home
store, written over the previous ones in one transaction (readers see the old lists until
it commits). ``refresh`` (every ``O2O_RECOMMENDATIONS_REFRESH_SECONDS``): the members
whose orders were paid since its mark are re-scored from the stored bought-together lists
of everything they own, and their home store moved; the next full retrain blends
member-similarity back in.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from services.feedback.client import LocalFeedbackClient
from services.members.client import LocalMembersClient
from services.platform.settings import Settings
from services.recommendations import model
from services.recommendations.history import Purchase, purchases, purchases_of
from services.recommendations.models import Home, Mark, MemberPick, Popular, Together
from stores.client import LocalStoresClient

LOCK = "SELECT pg_advisory_xact_lock(hashtext('recommendations.train'))"
MARK = "purchases"
#: Orders paid just before the mark may commit just after it: the refresh reads back this
#: far (re-scoring a member twice is harmless).
OVERLAP = timedelta(minutes=5)
#: How far from a consenting member's home the nearest store may be to count as theirs.
HOME_RADIUS_KM = 50.0


@dataclass(frozen=True)
class Trained:
    members: int
    products: int
    purchases: int
    views: int
    seconds: float


def on_sale_categories(session: Session, product_ids: Iterable[int]) -> dict[int, str]:
    """Products on sale now and their categories."""
    offers = LocalInventoryClient(session).offers(sorted(set(product_ids)), store_id=None)
    return {pid: offer.category for pid, offer in offers.items()}


def _home_stores(bought: Sequence[Purchase]) -> dict[int, int]:
    """Each member's store: where they bought most (ties: where they bought last)."""
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    last: dict[tuple[int, int], datetime] = {}
    for p in bought:
        if p.store_id is not None:
            counts[p.member_id][p.store_id] += 1
            key = (p.member_id, p.store_id)
            last[key] = max(last.get(key, p.paid_at), p.paid_at)
    return {
        member: max(stores, key=lambda s: (stores[s], last[(member, s)]))
        for member, stores in counts.items()
    }


def _homes(session: Session, bought: Sequence[Purchase]) -> dict[int, tuple[int, str]]:
    stores = LocalStoresClient(session)
    cities = {s.id: s.city for s in stores.open_stores()}
    homes = {m: (s, cities[s]) for m, s in _home_stores(bought).items() if s in cities}
    ids, places = LocalMembersClient(session).consented_homes_by_member()
    for member, (lat, lon) in zip(ids.tolist(), places.tolist(), strict=True):
        if member in homes:
            continue
        near = stores.nearby(lat, lon, radius_km=HOME_RADIUS_KM, limit=1)
        if near:
            homes[member] = (near[0].id, near[0].city)
    return homes


def popularity(
    bought: Sequence[Purchase], cities: dict[int, str], *, since: datetime
) -> dict[tuple[str, str], dict[int, int]]:
    """Members who bought each product since ``since``, per store, per city and overall."""
    buyers: dict[tuple[str, str], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for p in bought:
        if p.paid_at < since:
            continue
        buyers[("all", "")][p.product_id].add(p.member_id)
        if p.store_id is not None:
            buyers[("store", str(p.store_id))][p.product_id].add(p.member_id)
            if p.store_id in cities:
                buyers[("city", cities[p.store_id])][p.product_id].add(p.member_id)
    return {scope: {pid: len(m) for pid, m in per.items()} for scope, per in buyers.items()}


def _write(session: Session, table: type, rows: list[dict[str, object]]) -> None:
    session.execute(delete(table))
    for start in range(0, len(rows), 20_000):
        session.execute(insert(table), rows[start : start + 20_000])


def _mark(session: Session, at: datetime) -> None:
    mark = session.get(Mark, MARK)
    if mark is None:
        session.add(Mark(name=MARK, at=at))
    else:
        mark.at = at


def train(session: Session, *, settings: Settings, now: datetime) -> Trained:
    """Retrain on everything paid and viewed before ``now``; replace every list."""
    started = time.perf_counter()
    session.execute(text(LOCK))
    bought = purchases(session, until=now)
    viewed = LocalFeedbackClient(session).product_views(since=None, until=now)
    categories = on_sale_categories(
        session, [p.product_id for p in bought] + [product for _, product, _ in viewed]
    )
    pick_rows: list[dict[str, object]] = []
    together_rows: list[dict[str, object]] = []
    k = settings.recommendations_kept
    if bought or viewed:
        fitted = model.fit(
            [(p.member_id, p.product_id) for p in bought],
            viewed,
            view_weight=settings.recommendations_view_weight,
            view_half_life_days=settings.recommendations_view_half_life_days,
            now=now,
        )
        products = fitted.product_ids.tolist()
        sellable = np.array([p in categories for p in products])
        consumable = np.array(
            [categories.get(p) in settings.recommendations_consumable_categories for p in products]
        )
        for member, picks in model.member_picks(
            fitted,
            member_blend=settings.recommendations_member_blend,
            viewed_weight=settings.recommendations_viewed_weight,
            k=k,
            consumable=consumable,
            sellable=sellable,
        ):
            pick_rows += [
                {
                    "member_id": member,
                    "product_id": p.product_id,
                    "rank": r,
                    "score": p.score,
                    "why": p.why,
                }
                for r, p in enumerate(picks, 1)
            ]
        for product, picks in model.bought_together(fitted, k=k, sellable=sellable):
            together_rows += [
                {"product_id": product, "other_id": p.product_id, "rank": r, "score": p.score}
                for r, p in enumerate(picks, 1)
            ]
    homes = _homes(session, bought)
    cities = {s.id: s.city for s in LocalStoresClient(session).open_stores()}
    since = now - timedelta(days=settings.recommendations_popular_days)
    popular_rows = [
        {"scope": scope, "scope_key": key, "product_id": p.product_id, "rank": r, "score": p.score}
        for (scope, key), counts in popularity(bought, cities, since=since).items()
        for r, p in enumerate(
            model.popular({pid: n for pid, n in counts.items() if pid in categories}, k=k), 1
        )
    ]
    _write(session, MemberPick, pick_rows)
    _write(session, Together, together_rows)
    _write(session, Popular, popular_rows)
    _write(
        session,
        Home,
        [{"member_id": m, "store_id": s, "city": c} for m, (s, c) in homes.items()],
    )
    _mark(session, now)
    members = len({r["member_id"] for r in pick_rows})
    return Trained(
        members, len(categories), len(bought), len(viewed), time.perf_counter() - started
    )


def refresh(session: Session, *, settings: Settings, now: datetime) -> int:
    """Re-score the members whose orders were paid since the last mark; how many."""
    session.execute(text(LOCK))
    mark = session.get(Mark, MARK)
    if mark is None:  # never trained: the first full retrain does everyone
        return 0
    fresh = purchases(session, since=mark.at - OVERLAP, until=now)
    members = sorted({p.member_id for p in fresh})
    if not members:
        mark.at = now
        return 0
    history = purchases_of(session, members, until=now)
    owned: dict[int, set[int]] = defaultdict(set)
    for p in history:
        owned[p.member_id].add(p.product_id)
    everything = set().union(*owned.values())
    neighbours: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for product, other, score in session.execute(
        select(Together.product_id, Together.other_id, Together.score).where(
            Together.product_id.in_(everything)
        )
    ):
        neighbours[product].append((other, score))
    categories = on_sale_categories(session, everything)
    consumable = set(settings.recommendations_consumable_categories)
    rows: list[dict[str, object]] = []
    for member in members:
        skip = {p for p in owned[member] if categories.get(p) not in consumable}
        picks = model.rescore(owned[member], neighbours, k=settings.recommendations_kept, skip=skip)
        rows += [
            {
                "member_id": member,
                "product_id": p.product_id,
                "rank": r,
                "score": p.score,
                "why": p.why,
            }
            for r, p in enumerate(picks, 1)
        ]
    session.execute(delete(MemberPick).where(MemberPick.member_id.in_(members)))
    if rows:
        session.execute(insert(MemberPick), rows)
    cities = {s.id: s.city for s in LocalStoresClient(session).open_stores()}
    for member, store in _home_stores(history).items():
        if store in cities:
            session.merge(Home(member_id=member, store_id=store, city=cities[store]))
    mark.at = now
    return len(members)
