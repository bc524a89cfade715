"""Public interface of the members service for other services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.members import consents, locations, segments
from services.members import points as ledger
from services.members.models import Member, PointsEntry
from services.members.schemas import PointsEntryRead
from services.platform.adb import Connection, fetch_one
from services.platform.member_data import dump


async def earn_points_once_async(
    connection: Connection, *, member_id: int, points: int, source: str, reason: str = ""
) -> PointsEntryRead | None:
    """Points in the caller's async transaction; None when ``source`` already earned them."""
    return await ledger.earn_once_async(
        connection=connection, member_id=member_id, points=points, source=source, reason=reason
    )


async def member_exists_async(connection: Connection, member_id: int) -> bool:
    """Whether ``member_id`` is a member (in the caller's async connection)."""
    row = await fetch_one(
        connection, "SELECT 1 AS found FROM members.members WHERE id = %(id)s", {"id": member_id}
    )
    return row is not None


async def points_balance_async(connection: Connection, *, member_id: int) -> int:
    """The member's points now (the checkout preview)."""
    return await ledger.balance_async(connection, member_id=member_id)


async def openid_async(connection: Connection, member_id: int) -> str | None:
    """The member's mini-program openid (WeChat Pay's JSAPI payer), on the event loop."""
    row = await fetch_one(
        connection, "SELECT openid FROM members.members WHERE id = %(id)s", {"id": member_id}
    )
    return str(row["openid"]) if row else None


def export_profile(session: Session, member_id: int) -> dict[str, Any]:
    """The member's own row, every field (their data export)."""
    return dump(session, Member, Member.id == member_id)[0]


def export_consents(session: Session, member_id: int) -> dict[str, Any]:
    """Each purpose's consent and its audit log (their data export)."""
    return consents.read(session=session, member_id=member_id).model_dump(mode="json")


def export_points(session: Session, member_id: int) -> list[dict[str, Any]]:
    """Every points ledger entry (their data export)."""
    return dump(session, PointsEntry, PointsEntry.member_id == member_id)


class LocalMembersClient:
    """In-process adapter working in the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def names(self, member_ids: Sequence[int]) -> dict[int, str | None]:
        if not member_ids:
            return {}
        rows = self._session.execute(
            select(Member.id, Member.name).where(Member.id.in_(set(member_ids)))
        )
        return {member_id: name for member_id, name in rows}

    def consented_homes(
        self, box: tuple[float, float, float, float] = (-90.0, -180.0, 90.0, 180.0)
    ) -> NDArray[np.float64]:
        """Where members who consented live, (n, 2) lat/lon, inside (south, west, north, east)."""
        return locations.consented_homes(self._session, box)

    def consented_homes_by_member(
        self, box: tuple[float, float, float, float] = (-90.0, -180.0, 90.0, 180.0)
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Ids and homes of consenting members inside the box (campaign audiences)."""
        return locations.consented_homes_by_member(self._session, box)

    def consented_homes_with_ids(
        self, box: tuple[float, float, float, float] = (-90.0, -180.0, 90.0, 180.0)
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Ids and homes of consenting members inside the box, read fast (siting demand)."""
        return locations.consented_homes_with_ids(self._session, box)

    def openid(self, member_id: int) -> str | None:
        """The member's mini-program openid (where subscribe messages go)."""
        return self._session.scalar(select(Member.openid).where(Member.id == member_id))

    def opted_out(self, member_ids: Sequence[int]) -> set[int]:
        """Which of ``member_ids`` asked not to be contacted by care or feedback messages."""
        if not member_ids:
            return set()
        return set(
            self._session.scalars(
                select(Member.id).where(
                    Member.id.in_(set(member_ids)), Member.care_opt_out.is_(True)
                )
            )
        )

    def marketing_reachable(self, member_ids: Sequence[int]) -> list[int]:
        """Which of ``member_ids`` may get campaign messages now (consenting, not erased)."""
        if not member_ids:
            return []
        return list(
            self._session.scalars(
                select(Member.id)
                .where(
                    Member.id.in_(set(member_ids)),
                    Member.marketing_opt_out.is_(False),
                    Member.erased_at.is_(None),
                )
                .order_by(Member.id)
            )
        )

    def existing(self, member_ids: Sequence[int]) -> list[int]:
        """Which of ``member_ids`` are members (unknown ids dropped), in id order."""
        return segments.existing(session=self._session, member_ids=member_ids)

    def segment(
        self,
        *,
        home_city: str | None = None,
        joined_since: datetime | None = None,
        birthday_month: int | None = None,
        limit: int,
    ) -> list[int]:
        """Ids of members matching every given filter (none: all), at most ``limit``."""
        return segments.segment(
            session=self._session,
            home_city=home_city,
            joined_since=joined_since,
            birthday_month=birthday_month,
            limit=limit,
        )

    def earn_points(self, member_id: int, points: int, *, source: str, reason: str) -> None:
        """Add points for ``source`` once (a repeat adds nothing)."""
        ledger.earn(
            session=self._session, member_id=member_id, points=points, source=source, reason=reason
        )

    def spend_points(self, member_id: int, points: int, *, source: str, reason: str) -> None:
        """Take points for ``source`` once; Conflict ``points_insufficient`` when too few."""
        ledger.spend(
            session=self._session, member_id=member_id, points=points, source=source, reason=reason
        )

    def take_back_points(self, member_id: int, points: int, *, source: str, reason: str) -> int:
        """Take up to ``points`` back once, never below zero; the points taken."""
        return ledger.take_back(
            session=self._session, member_id=member_id, points=points, source=source, reason=reason
        )
