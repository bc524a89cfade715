"""Public interface of the feedback service for routes and other services."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from services.feedback import journey, member_data, views

#: A member's journey, invitations and answers (their export), and erasing them.
export_member = member_data.export_member
forget_member = member_data.forget_member


class LocalFeedbackClient:
    def __init__(self, session: Session) -> None:
        self._session = session

    def join_device_events(self, *, member_id: int, device_id: str, since: datetime) -> int:
        """Give the member the anonymous journey moments of their device since ``since``."""
        return journey.join_device_events(
            self._session, member_id=member_id, device_id=device_id, since=since
        )

    def product_views(
        self, *, since: datetime | None, until: datetime
    ) -> list[tuple[int, int, datetime]]:
        """Signed-in shoppers' product views in [since, until): ``(member, product, at)``."""
        return views.product_views(self._session, since=since, until=until)
