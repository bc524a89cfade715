"""Customer care: birthday greetings and the 100th-day thank-you, once per occasion.

Each greeting first claims (member, occasion) in ``care_messages``; only a new
claim asks notifications, whose dedupe key guards a second time. Both happen
in the beat task's one transaction, so a crash loses neither half alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Row, extract, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.members.models import CareMessage, Member
from services.notifications.client import LocalNotificationsClient

MEMBERSHIP_DAY = 100
#: A missed beat run (worker down for a day or two) still greets late rather than never.
CATCH_UP_DAYS = 3


def _claim(session: Session, member_id: int, occasion: str) -> bool:
    return (
        session.execute(
            insert(CareMessage)
            .values(member_id=member_id, occasion=occasion)
            .on_conflict_do_nothing()
            .returning(CareMessage.member_id)
        ).first()
        is not None
    )


def send_birthday_greetings(*, session: Session, now: datetime, timezone: str) -> int:
    """Greet members whose birthday is today (Feb 29 birthdays on Feb 28 in other years)."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    days = [today]
    if today.month == 2 and today.day == 28 and not _is_leap(today.year):
        days.append(date(2000, 2, 29))
    matches = [
        (extract("month", Member.birthday) == d.month) & (extract("day", Member.birthday) == d.day)
        for d in days
    ]
    members = session.execute(
        select(Member.id, Member.name)
        .where(Member.birthday.is_not(None), Member.care_opt_out.is_(False), or_(*matches))
        .order_by(Member.id)
    ).all()
    return _greet(session, members, occasion=f"birthday:{today.year}", template="birthday_greeting")


def send_membership_day_thanks(*, session: Session, now: datetime, timezone: str) -> int:
    """Thank members on their 100th day (the day they joined is day 1)."""
    tz = ZoneInfo(timezone)
    today = now.astimezone(tz).date()
    first_day = today - timedelta(days=MEMBERSHIP_DAY - 1 + CATCH_UP_DAYS)
    last_day = today - timedelta(days=MEMBERSHIP_DAY - 1)
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    members = session.execute(
        select(Member.id, Member.name)
        .where(
            Member.joined_at >= start,
            Member.joined_at < end,
            Member.care_opt_out.is_(False),
        )
        .order_by(Member.id)
    ).all()
    return _greet(session, members, occasion=f"day{MEMBERSHIP_DAY}", template="membership_day_100")


def _greet(
    session: Session,
    members: Sequence[Row[int, str | None]],
    *,
    occasion: str,
    template: str,
) -> int:
    """Queue ``template`` for each member not yet greeted on ``occasion``; how many were."""
    notifications = LocalNotificationsClient(session)
    sent = 0
    for member_id, name in members:
        if _claim(session, member_id, occasion):
            notifications.notify(
                template=template,
                dedupe_key=f"care:{occasion}:{member_id}",
                member_id=member_id,
                params={"name": name or "friend"},
            )
            sent += 1
    return sent


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
