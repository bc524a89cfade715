"""The member's choice about personal suggestions (PIPL Art. 24: they may refuse them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.recommendations.models import Preference


def personalised(session: Session, member_id: int) -> bool:
    """Personal unless the member said no (no row: the default, personal)."""
    chosen = session.scalar(
        select(Preference.personalised).where(Preference.member_id == member_id)
    )
    return True if chosen is None else chosen


def set_personalised(session: Session, *, member_id: int, value: bool, now: datetime) -> bool:
    """Store the member's choice; it applies from their next answer."""
    statement = insert(Preference).values(member_id=member_id, personalised=value, updated_at=now)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[Preference.member_id],
            set_={"personalised": value, "updated_at": now},
        )
    )
    return value
