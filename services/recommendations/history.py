"""The facts training learns from, read through their owners' public surfaces: purchases
from orders' declared view, product views from feedback's client, products from
inventory's client, stores from stores' client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from services.recommendations.serving import PUBLIC_PURCHASES


@dataclass(frozen=True)
class Purchase:
    member_id: int
    product_id: int
    store_id: int | None
    paid_at: datetime


_ALL = text(
    f"SELECT member_id, sku_id, store_id, paid_at FROM {PUBLIC_PURCHASES} WHERE paid_at < :until"
)
_SINCE = text(
    f"SELECT member_id, sku_id, store_id, paid_at FROM {PUBLIC_PURCHASES}"
    " WHERE paid_at >= :since AND paid_at < :until"
)
_OF_MEMBERS = text(
    f"SELECT member_id, sku_id, store_id, paid_at FROM {PUBLIC_PURCHASES}"
    " WHERE member_id = ANY(:members) AND paid_at < :until"
)


Row = tuple[int, int, int | None, datetime]


def _as_purchases(session: Session, rows: Sequence[Row]) -> list[Purchase]:
    products = LocalInventoryClient(session).products_of(list({r[1] for r in rows}))
    return [Purchase(int(m), products[sku], s, at) for m, sku, s, at in rows if sku in products]


def purchases(
    session: Session, *, until: datetime, since: datetime | None = None
) -> list[Purchase]:
    """Every purchase paid before ``until`` (and at or after ``since``), as products."""
    if since is None:
        rows = session.execute(_ALL, {"until": until}).all()
    else:
        rows = session.execute(_SINCE, {"since": since, "until": until}).all()
    return _as_purchases(session, [tuple(r) for r in rows])


def purchases_of(session: Session, member_ids: Sequence[int], *, until: datetime) -> list[Purchase]:
    """The members' whole purchase history (the incremental refresh)."""
    rows = session.execute(_OF_MEMBERS, {"members": list(member_ids), "until": until}).all()
    return _as_purchases(session, [tuple(r) for r in rows])
