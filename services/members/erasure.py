"""Deleting a member's account: the row becomes a pseudonym, every personal field goes.

The row itself stays (orders, the points ledger, campaign arms and check-ins point at its
id, and breaking those links would break accounting and the figures); what made it a person
is erased: WeChat ids (a random pseudonym replaces the openid, so the next login with the
same WeChat account is a new member), name, phone, birthday, home. Points are forfeited
with a ledger entry (``account-deleted``). Every consent is withdrawn and audited. The
other services erase their part first (``member_data.ERASERS``).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.members import consents
from services.members import points as ledger
from services.members.models import CareMessage, Member

FORFEIT_SOURCE = "account-deleted"


def pseudonym(member_id: int) -> str:
    """What replaces the openid: unique (the column is) and matching no WeChat account."""
    return f"erased:{member_id}:{secrets.token_hex(12)}"


def forget_member(session: Session, member_id: int, now: datetime) -> None:
    member = session.scalar(select(Member).where(Member.id == member_id).with_for_update())
    if member is None or member.erased_at is not None:
        return
    if member.points > 0:
        ledger.take_back(
            session=session,
            member_id=member_id,
            points=member.points,
            source=FORFEIT_SOURCE,
            reason="points forfeited when the account was deleted",
        )
    before = consents.granted(member)
    consents.erase_location(member)
    member.marketing_opt_out = True
    member.care_opt_out = True
    consents.record_changes(
        session,
        member_id=member_id,
        before=before,
        after=consents.granted(member),
        source="account_deleted",
    )
    member.openid = pseudonym(member_id)
    member.unionid = None
    member.name = None
    member.phone = None
    member.birthday = None
    member.erased_at = now
    session.execute(delete(CareMessage).where(CareMessage.member_id == member_id))
    session.flush()
