"""Birthday and 100th-day messages: exactly once per member per occasion, opt-out respected."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

import services.notifications.tasks  # noqa: F401  (registers the outbox consumer)
from services.members import care, tasks
from services.notifications.models import Delivery
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests import factories

TZ = "Asia/Shanghai"


def _deliveries() -> list[tuple[str, int | None, str]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            select(Delivery.template, Delivery.member_id, Delivery.status).order_by(Delivery.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_birthday_and_day_100_go_out_once_over_repeated_beat_runs(db) -> None:
    today = utcnow().astimezone(ZoneInfo(TZ)).date()
    born = date(1990, today.month, min(today.day, 28))
    if born.day != today.day:  # the 29th-31st: use a birthday that is today in any year
        born = date(2000, today.month, today.day)
    birthday = factories.member(name="Mei", birthday=born)
    factories.member(name="Quiet", birthday=born, care_opt_out=True)
    factories.member(name="Other day", birthday=born + timedelta(days=40))
    joined_100 = factories.member(name="Hu", joined_at=utcnow() - timedelta(days=99))
    factories.member(name="Too new", joined_at=utcnow() - timedelta(days=50))
    factories.member(name="No thanks", joined_at=utcnow() - timedelta(days=99), care_opt_out=True)

    for _ in range(3):
        tasks.birthday_greetings()
        tasks.membership_day_thanks()

    assert sorted(_deliveries()) == sorted(
        [
            ("birthday_greeting", birthday.id, "sent"),
            ("membership_day_100", joined_100.id, "sent"),
        ]
    )


def test_a_leap_day_birthday_is_greeted_on_feb_28_in_other_years(db) -> None:
    leapling = factories.member(name="Leap", birthday=date(2000, 2, 29))
    now = datetime(2027, 2, 28, 4, 0, tzinfo=ZoneInfo("UTC"))
    with UnitOfWork() as uow:
        assert care.send_birthday_greetings(session=uow.session, now=now, timezone=TZ) == 1
        assert care.send_birthday_greetings(session=uow.session, now=now, timezone=TZ) == 0
        uow.commit()
    assert _deliveries() == [("birthday_greeting", leapling.id, "sent")]


def test_next_years_birthday_is_a_new_occasion(db) -> None:
    member = factories.member(name="Yearly", birthday=date(1985, 6, 1))
    for year in (2026, 2027, 2027):
        now = datetime(year, 6, 1, 2, 0, tzinfo=ZoneInfo("UTC"))
        with UnitOfWork() as uow:
            care.send_birthday_greetings(session=uow.session, now=now, timezone=TZ)
            uow.commit()
    assert _deliveries() == [("birthday_greeting", member.id, "sent")] * 2
