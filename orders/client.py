"""Public interface of the orders service (read side: history, attribution, insights)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from orders import activity
from orders.schemas import GuideSales, OrderActivity, OrderPlacement


class LocalOrdersClient:
    def __init__(self, session: Session) -> None:
        self._session = session

    def for_member(self, member_id: int, *, limit: int = 50) -> list[OrderActivity]:
        return activity.for_member(session=self._session, member_id=member_id, limit=limit)

    def placed_between(self, start: datetime, end: datetime) -> list[OrderPlacement]:
        return activity.placed_between(session=self._session, start=start, end=end)

    def placement(self, number: str) -> OrderPlacement | None:
        """Whose order ``number`` is and for which store (an appointment's purchase)."""
        return activity.placement(session=self._session, number=number)

    def guide_sales(self, guide_id: int, start: datetime, end: datetime) -> GuideSales:
        """What the guide was credited with, paid in [start, end)."""
        return activity.guide_sales(session=self._session, guide_id=guide_id, start=start, end=end)
