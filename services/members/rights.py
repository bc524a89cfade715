"""A member's data rights: download everything held about them, delete the account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from services.members import member_data
from services.members.models import Member
from services.platform import deleted_accounts
from services.platform.errors import InvalidInput, NotFound
from services.platform.settings import Settings
from services.platform.uow import on_commit

#: What the member types to delete their account (a tap by mistake cannot).
CONFIRMATION = "DELETE MY ACCOUNT"


def _live(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.erased_at is not None:
        raise NotFound(f"member {member_id} does not exist", code="member_not_found")
    return member


def export(*, session: Session, member_id: int, now: datetime) -> dict[str, Any]:
    """Every registered service's section about the member, as JSON."""
    _live(session, member_id)
    return {
        "member_id": member_id,
        "exported_at": now.isoformat(),
        **member_data.export(session, member_id),
    }


def delete_account(
    *, session: Session, member_id: int, confirm: str, now: datetime, settings: Settings
) -> None:
    """Erase the member everywhere (one transaction); their tokens stop once it commits."""
    if confirm != CONFIRMATION:
        raise InvalidInput(
            f"to delete your account send confirm: {CONFIRMATION!r}",
            code="deletion_not_confirmed",
        )
    _live(session, member_id)
    member_data.erase(session, member_id, now)
    ttl = settings.jwt_ttl_minutes * 60
    on_commit(session, lambda: deleted_accounts.end_shopper(subject=member_id, ttl_seconds=ttl))
