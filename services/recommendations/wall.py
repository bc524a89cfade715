"""The wall's "recommended -> bought": a suggestion shown, then bought by that member
within the window, per touchpoint."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from services.recommendations.models import TOUCHPOINTS, Impression
from services.recommendations.schemas import RecommendationFigures, TouchpointConversion
from services.recommendations.serving import PUBLIC_PURCHASES

WINDOW = timedelta(days=7)
_BOUGHT = text(
    f"SELECT member_id, sku_id, paid_at FROM {PUBLIC_PURCHASES}"
    " WHERE member_id = ANY(:members) AND paid_at >= :start AND paid_at < :end"
)


def conversions(
    shown: Iterable[tuple[int, int, str, datetime]],
    bought: Iterable[tuple[int, int, datetime]],
    *,
    window: timedelta = WINDOW,
) -> dict[str, tuple[int, int]]:
    """Per touchpoint: ``(shown, bought)``, a showing ``(member, product, touchpoint, at)``
    counting as bought when ``(member, product, paid_at)`` follows within ``window``."""
    paid: dict[tuple[int, int], list[datetime]] = {}
    for member, product, at in bought:
        paid.setdefault((member, product), []).append(at)
    figures = {t: [0, 0] for t in TOUCHPOINTS}
    for member, product, touchpoint, at in shown:
        counts = figures.setdefault(touchpoint, [0, 0])
        counts[0] += 1
        if any(at <= p < at + window for p in paid.get((member, product), ())):
            counts[1] += 1
    return {t: (s, b) for t, (s, b) in figures.items()}


def figures(
    session: Session, *, start: date, end: date, store_ids: Sequence[int] | None
) -> RecommendationFigures:
    """Suggestions shown in [start, end) (at ``store_ids``' answers; None: all)."""
    query = select(
        Impression.member_id, Impression.product_id, Impression.touchpoint, Impression.shown_at
    ).where(Impression.shown_on >= start, Impression.shown_on < end)
    if store_ids is not None:
        query = query.where(Impression.store_id.in_(store_ids))
    shown: list[tuple[int, int, str, datetime]] = [
        (m, p, t, at) for m, p, t, at in session.execute(query)
    ]
    rows = []
    if shown:
        members = sorted({r[0] for r in shown})
        found = session.execute(
            _BOUGHT,
            {
                "members": members,
                "start": min(r[3] for r in shown),
                "end": max(r[3] for r in shown) + WINDOW,
            },
        ).all()
        products = LocalInventoryClient(session).products_of(list({r[1] for r in found}))
        rows = [(m, products[s], at) for m, s, at in found if s in products]
    counted = conversions(shown, rows)
    return RecommendationFigures(
        start=start,
        end=end,
        touchpoints=[
            TouchpointConversion(
                touchpoint=t, shown=s, bought=b, rate=round(b / s, 4) if s else None
            )
            for t, (s, b) in counted.items()
        ],
    )
