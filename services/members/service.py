"""Member use cases; functions take the session and never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.members.models import Member
from services.members.schemas import MemberRead
from services.platform.errors import NotFound


def get_member(*, session: Session, member_id: int) -> MemberRead:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"member {member_id} does not exist", code="member_not_found")
    return MemberRead.model_validate(member)


def find_by_openid(*, session: Session, openid: str) -> MemberRead | None:
    member = session.scalar(select(Member).where(Member.openid == openid))
    return None if member is None else MemberRead.model_validate(member)
