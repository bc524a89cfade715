"""Mini-program login: WeChat session -> member (found or created) -> shopper token.

A cross-service use case: the member's earlier anonymous scans on the same
device are handed to touchpoints so they count for attribution.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.feedback.client import LocalFeedbackClient
from services.members.models import Member
from services.members.schemas import LoginRead, MemberRead
from services.members.wechat import WeChatProvider, WeChatSession
from services.platform.auth import Principal, issue_token
from services.platform.db import utcnow
from services.platform.settings import Settings
from services.touchpoints.client import LocalTouchpointsClient


def login(
    *,
    session: Session,
    provider: WeChatProvider,
    settings: Settings,
    code: str,
    device_id: str | None = None,
) -> LoginRead:
    """Exchange a mini-program login code for a shopper token."""
    wechat = provider.code2session(code)
    member, created = find_or_create(session=session, wechat=wechat)
    joined = 0
    if device_id:
        joined = LocalTouchpointsClient(session).join_device_scans(
            member_id=member.id,
            device_id=device_id,
            since=utcnow() - timedelta(days=settings.attribution_window_days),
        )
        # What the device looked at before signing in joins the member's journey too.
        LocalFeedbackClient(session).join_device_events(
            member_id=member.id,
            device_id=device_id,
            since=utcnow() - timedelta(days=settings.attribution_window_days),
        )
    token = issue_token(Principal(role="shopper", subject=member.id), settings)
    return LoginRead(
        access_token=token,
        expires_in=settings.jwt_ttl_minutes * 60,
        member=MemberRead.model_validate(member),
        created=created,
        scans_joined=joined,
    )


def find_or_create(*, session: Session, wechat: WeChatSession) -> tuple[Member, bool]:
    """The member for this openid (or, failing that, this unionid), created if new."""
    member = session.scalar(select(Member).where(Member.openid == wechat.openid))
    if member is None and wechat.unionid:
        # Known from another app of the same brand (same unionid, other openid).
        member = session.scalar(select(Member).where(Member.unionid == wechat.unionid))
    if member is not None:
        if wechat.unionid and member.unionid is None:
            _link_unionid(session, member, wechat.unionid)
        return member, False
    # Two first logins at once: one insert wins, the other reads the winner's row.
    new_id = session.scalar(
        insert(Member)
        .values(openid=wechat.openid, unionid=wechat.unionid, joined_at=utcnow(), points=0)
        .on_conflict_do_nothing()
        .returning(Member.id)
    )
    if new_id is None:
        member = session.scalar(
            select(Member).where(
                (Member.openid == wechat.openid) | (Member.unionid == wechat.unionid)
                if wechat.unionid
                else Member.openid == wechat.openid
            )
        )
        assert member is not None
        return member, False
    created = session.get(Member, new_id)
    assert created is not None
    return created, True


def _link_unionid(session: Session, member: Member, unionid: str) -> None:
    taken = session.scalar(select(Member.id).where(Member.unionid == unionid))
    if taken is None:
        session.execute(update(Member).where(Member.id == member.id).values(unionid=unionid))
        session.refresh(member)
