"""Reminders go out once each however often beat runs; no-shows are marked after the grace."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from services.notifications.models import Delivery
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from stores.appointments import reminders
from stores.appointments.models import Appointment
from tests import factories
from tests.booking import Salon, open_salon
from tests.integration.test_reservation_races import _race


def _appointment(salon: Salon, member_id: int, *, starts_at: datetime, booked_at: datetime) -> int:
    with UnitOfWork() as uow:
        row = Appointment(
            store_id=salon.store_id,
            guide_id=salon.guide_ids[0],
            service_id=salon.service_id,
            member_id=member_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            blocked_from=starts_at,
            blocked_until=starts_at + timedelta(hours=1),
            created_at=booked_at,
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def _run(now: datetime) -> int:
    with UnitOfWork() as uow:
        sent = reminders.send_reminders(session=uow.session, now=now)
        uow.commit()
    return sent


def _reminders_to(member_id: int) -> list[str]:
    with UnitOfWork() as uow:
        return list(
            uow.session.scalars(
                select(Delivery.body)
                .where(Delivery.member_id == member_id, Delivery.template == "appointment_reminder")
                .order_by(Delivery.id)
            )
        )


def test_each_reminder_once_over_repeated_and_concurrent_beat_runs(db: dict[str, str]) -> None:
    salon = open_salon()
    member = factories.member().id
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    _appointment(salon, member, starts_at=start, booked_at=start - timedelta(days=10))
    assert _run(start - timedelta(hours=25)) == 0  # not yet
    day_before = start - timedelta(hours=23)
    results = _race(8, lambda _i: _run(day_before))  # beat twice, a retried task, ...
    assert sum(results) == 1, results
    assert _run(day_before + timedelta(minutes=5)) == 0
    assert len(_reminders_to(member)) == 1
    two_hours = start - timedelta(hours=1, minutes=55)
    assert [_run(two_hours), _run(two_hours), _run(two_hours)] == [1, 0, 0]
    sent = _reminders_to(member)
    assert len(sent) == 2 and "2h" in sent[1]


def test_no_day_before_reminder_for_a_booking_made_that_day(db: dict[str, str]) -> None:
    salon = open_salon()
    member = factories.member().id
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    _appointment(salon, member, starts_at=start, booked_at=start - timedelta(hours=5))
    assert _run(start - timedelta(hours=4)) == 0
    assert _run(start - timedelta(hours=1)) == 1  # the 2 h one still comes


def test_no_shows_after_the_grace_and_counted_for_guides(db: dict[str, str]) -> None:
    salon = open_salon()
    member = factories.member().id
    start = utcnow().replace(microsecond=0) + timedelta(days=1)
    absent = _appointment(salon, member, starts_at=start, booked_at=start - timedelta(days=2))
    arrived = _appointment(
        salon, member, starts_at=start + timedelta(hours=2), booked_at=start - timedelta(days=2)
    )
    with UnitOfWork() as uow:
        uow.session.get(Appointment, arrived).status = "checked_in"  # type: ignore[union-attr]
        uow.commit()
    grace = timedelta(minutes=15)
    with UnitOfWork() as uow:
        assert (
            reminders.mark_no_shows(
                session=uow.session, now=start + timedelta(minutes=10), grace=grace
            )
            == 0
        )
        assert (
            reminders.mark_no_shows(
                session=uow.session, now=start + timedelta(hours=5), grace=grace
            )
            == 1
        )
        uow.commit()
    with UnitOfWork() as uow:
        assert uow.session.get(Appointment, absent).status == "no_show"  # type: ignore[union-attr]
        assert reminders.no_show_counts(session=uow.session, member_ids=[member]) == {member: 1}
