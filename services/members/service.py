"""Member use cases; functions take the session and never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.members.models import Member
from services.members.schemas import MemberRead


def find_by_openid(*, session: Session, openid: str) -> MemberRead | None:
    member = session.scalar(select(Member).where(Member.openid == openid))
    return None if member is None else MemberRead.model_validate(member)
