"""Public interface of the orders service: history, attribution, insights, service cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from orders import activity, member_data, store_ties
from orders.cases import care_tasks, queue
from orders.cases.events import CLOSED_TOPIC
from orders.cases.opening import open_case as _open_case
from orders.cases.queue import CaseCounts
from orders.models import LATEST_MOMENT
from orders.schemas import GuideSales, OrderActivity, OrderPlacement, OrderTouch

#: Outbox topic of a closed service case (payload: ``orders.cases.events.closed``).
CASE_CLOSED_TOPIC = CLOSED_TOPIC
#: SQL of an order's latest moment over ``orders.orders`` (indexed): a reader of recent
#: moments adds ``<this> >= :since`` to its own condition to use the index.
ORDER_LATEST_MOMENT = LATEST_MOMENT
#: A member's orders and cases (their data export), and erasing what is personal in them.
export_member = member_data.export_member
forget_member = member_data.forget_member
#: Read-only view other services may read in bulk (migration b3e8d2f1a6c4): one row per
#: line of an order whose money is held (``states.MONEY_HELD``): ``order_id, member_id,
#: store_id, channel, touchpoint_id, sku_id, quantity, paid_at``.
PUBLIC_PURCHASES = "orders.public_purchases"


def open_case(
    session: Session,
    *,
    kind: str,
    member_id: int,
    store_id: int | None,
    order_id: int | None = None,
    source_key: str,
    summary: str,
) -> int:
    """Open a service case in the caller's transaction; the same ``source_key`` opens one.

    ``kind`` is one of ``apology``, ``return``, ``exchange``, ``complaint`` (feedback
    opens ``apology`` for a detractor, keyed by its answer). The store's guides see it
    in their tablet queue; it must be acted on within the kind's service-level time.
    """
    return _open_case(
        session,
        kind=kind,
        member_id=member_id,
        store_id=store_id,
        order_id=order_id,
        source_key=source_key,
        summary=summary,
    )


def case_counts(
    session: Session, *, store_ids: list[int] | None, now: datetime
) -> dict[int | None, CaseCounts]:
    """Open and overdue cases per store (``None`` key: delivery orders' cases, HQ's)."""
    return queue.counts_by_store(session=session, store_ids=store_ids, now=now)


def churn_risk_counts(session: Session, *, store_ids: list[int] | None) -> dict[int, int]:
    """Open care tasks (members at risk of leaving) per store; ``store_ids`` None: all."""
    return care_tasks.open_counts(session=session, store_ids=store_ids)


class LocalOrdersClient:
    def __init__(self, session: Session) -> None:
        self._session = session

    def for_member(self, member_id: int, *, limit: int = 50) -> list[OrderActivity]:
        return activity.for_member(session=self._session, member_id=member_id, limit=limit)

    def placed_between(self, start: datetime, end: datetime) -> list[OrderPlacement]:
        return activity.placed_between(session=self._session, start=start, end=end)

    def touches_since(self, member_ids: list[int] | None, since: datetime) -> list[OrderTouch]:
        """The members' (None: everyone's) orders since ``since`` (campaigns)."""
        return activity.touches_since(session=self._session, member_ids=member_ids, since=since)

    def placement(self, number: str) -> OrderPlacement | None:
        """Whose order ``number`` is and for which store (an appointment's purchase)."""
        return activity.placement(session=self._session, number=number)

    def guide_sales(self, guide_id: int, start: datetime, end: datetime) -> GuideSales:
        """What the guide was credited with, paid in [start, end)."""
        return activity.guide_sales(session=self._session, guide_id=guide_id, start=start, end=end)

    def store_ties(self, member_id: int, store_id: int) -> set[str]:
        """How the member has dealt with the store here: ``order``, ``service_case``."""
        return store_ties.ties(session=self._session, member_id=member_id, store_id=store_id)
