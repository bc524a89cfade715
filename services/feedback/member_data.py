"""A member's journey moments, invitations and answers (their export), and erasure.

An unlinked journey moment keeps its kind, place and time but names a random device of its
own instead of the member (the table asks for one of the two; a random one matches no real
device, so no later login can claim it). Answers keep their score (the store's NPS stands)
and lose their comment.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.feedback.models import Answer, Invitation, JourneyEvent
from services.platform.member_data import dump


def export_member(session: Session, member_id: int) -> dict[str, Any]:
    return {
        "journey_events": dump(session, JourneyEvent, JourneyEvent.member_id == member_id),
        "invitations": dump(session, Invitation, Invitation.member_id == member_id),
        "answers": dump(session, Answer, Answer.member_id == member_id),
    }


def forget_member(session: Session, member_id: int, now: datetime) -> None:
    del now
    session.execute(
        update(JourneyEvent)
        .where(JourneyEvent.member_id == member_id)
        .values(member_id=None, device_id=f"erased-{secrets.token_hex(16)}")
    )
    session.execute(update(Answer).where(Answer.member_id == member_id).values(comment=""))
