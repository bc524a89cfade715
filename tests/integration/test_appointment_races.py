"""Many shoppers tap the same slot at once: a guide is never double-booked."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Row, select

from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from stores.appointments import booking
from stores.appointments.models import Appointment
from tests import factories
from tests.booking import add_guide, add_service, at, day_ahead, open_salon
from tests.integration.test_reservation_races import THREADS, _race


@pytest.fixture
def crowd(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A wide pool, caps out of the way, and one member per thread."""
    from tests.conftest import _clear_caches

    monkeypatch.setenv("O2O_DB_POOL_SIZE", str(THREADS + 5))
    monkeypatch.setenv("O2O_APPOINTMENT_MAX_OPEN_PER_MEMBER", "1000")
    monkeypatch.setenv("O2O_APPOINTMENT_MAX_BOOKINGS_PER_DAY", "1000")
    _clear_caches()
    return [factories.member().id for _ in range(THREADS)]


def _book(
    member_id: int, store_id: int, service_id: int, start: datetime, guide_id: int | None
) -> int:
    with UnitOfWork() as uow:
        made = booking.book(
            session=uow.session,
            member_id=member_id,
            store_id=store_id,
            service_id=service_id,
            starts_at=start,
            guide_id=guide_id,
            source="store_page",
            note="",
            now=utcnow(),
        )
        uow.commit()
        return made.guide_id


def _live(guide_ids: list[int]) -> list[Row[tuple[int, int, datetime, datetime]]]:
    with UnitOfWork() as uow:
        return list(
            uow.session.execute(
                select(
                    Appointment.id,
                    Appointment.guide_id,
                    Appointment.blocked_from,
                    Appointment.blocked_until,
                ).where(Appointment.guide_id.in_(guide_ids), Appointment.status == "booked")
            )
        )


def _never_overlap(rows: list[Row[tuple[int, int, datetime, datetime]]]) -> None:
    by_guide: dict[int, list[Row[tuple[int, int, datetime, datetime]]]] = {}
    for row in rows:
        by_guide.setdefault(row.guide_id, []).append(row)
    for appointments in by_guide.values():
        appointments.sort(key=lambda a: a.blocked_from)
        for a, b in itertools.pairwise(appointments):
            assert a.blocked_until <= b.blocked_from, (a.id, b.id)


ROUNDS = 20


@pytest.mark.slow
def test_fifty_shoppers_one_slot_exactly_one_wins_every_round(crowd: list[int]) -> None:
    salon = open_salon()
    guides = [salon.guide_ids[0]] + [add_guide(salon.store_id) for _ in range(ROUNDS - 1)]
    service = add_service(salon.store_id, guides)
    start = at(day_ahead(), 14)
    for guide in guides:  # a fresh guide each round: the same slot, raced again
        # by fresh shoppers: one shopper is at one appointment at a time.
        shoppers = [factories.member().id for _ in range(THREADS)]

        def attempt(i: int, guide: int = guide, shoppers: list[int] = shoppers) -> int:
            return _book(shoppers[i], salon.store_id, service, start, guide)

        results = _race(THREADS, attempt)
        wins = [r for r in results if r == guide]
        lost = [r for r in results if isinstance(r, Conflict)]
        assert len(wins) == 1, results
        assert len(lost) == THREADS - 1 and {e.code for e in lost} == {"slot_unavailable"}
    rows = _live(guides)
    assert len(rows) == ROUNDS
    _never_overlap(rows)


def test_any_guide_under_concurrency_fills_each_guide_once(crowd: list[int]) -> None:
    salon = open_salon(guides=3)
    start = at(day_ahead(), 11)
    results = _race(
        THREADS, lambda i: _book(crowd[i], salon.store_id, salon.service_id, start, None)
    )
    wins = Counter(r for r in results if isinstance(r, int))
    assert wins == Counter({g: 1 for g in salon.guide_ids}), results
    others = [r for r in results if not isinstance(r, int | Conflict)]
    assert not others, others
    assert sum(isinstance(r, Conflict) for r in results) == THREADS - 3
    _never_overlap(_live(salon.guide_ids))


def test_different_lengths_racing_for_overlapping_times(crowd: list[int]) -> None:
    salon = open_salon(minutes=90)
    short = add_service(salon.store_id, salon.guide_ids, minutes=30)
    guide = salon.guide_ids[0]
    day = day_ahead()
    for round_ in range(5):
        base = at(day + timedelta(days=round_), 10)

        def attempt(i: int, base: datetime = base) -> int:
            if i % 2:
                return _book(crowd[i], salon.store_id, salon.service_id, base, guide)
            return _book(crowd[i], salon.store_id, short, base + timedelta(minutes=60), guide)

        results = _race(THREADS, attempt)
        assert sum(r == guide for r in results) == 1, results
    _never_overlap(_live([guide]))


def test_one_shopper_booking_many_guides_at_once_gets_one_appointment(
    crowd: list[int],
) -> None:
    salon = open_salon(guides=5)
    start = at(day_ahead(), 15)
    results = _race(
        THREADS,
        lambda i: _book(crowd[0], salon.store_id, salon.service_id, start, salon.guide_ids[i % 5]),
    )
    assert sum(isinstance(r, int) for r in results) == 1, results
    lost = {r.code for r in results if isinstance(r, Conflict)}
    assert lost <= {"appointment_overlaps", "slot_unavailable"} and "appointment_overlaps" in lost
    assert len(_live(salon.guide_ids)) == 1
