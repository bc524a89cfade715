"""The calendar versions a kept slot answer is checked against (stores.calendar_changed).

Every write the slot search would see moves the version, from any path; writes it would
not see leave it (reminders stamp appointments all day); bookings of different guides
never wait on one counter; and searches racing bookings never keep an answer under a
version it was not read at.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import OperationalError

from services.platform import adb, db
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from stores.appointments import booking, calendars
from stores.appointments.slot_cache import ANSWERS
from tests import factories
from tests.booking import Salon, at, day_ahead, open_salon
from tests.integration.test_appointment_races import _book, crowd  # noqa: F401 (fixture)
from tests.integration.test_reservation_races import _race


def version(salon: Salon) -> int:
    with UnitOfWork() as uow:
        rows = db.fetch(
            uow.session,
            calendars.VERSION_SQL,
            {"store_id": salon.store_id, "guide_ids": salon.guide_ids},
        )
    return int(rows[0]["version"])


def write(sql: str, **values: Any) -> None:
    with UnitOfWork() as uow:
        uow.session.execute(text(sql), values)
        uow.commit()


def _appointment(connection: Connection, salon: Salon, guide_id: int, hour: int) -> None:
    start = at(day_ahead(), hour)
    connection.execute(
        text(
            "INSERT INTO stores.appointments (store_id, guide_id, service_id, member_id, status,"
            " starts_at, ends_at, blocked_from, blocked_until, source, any_guide, note,"
            " created_at, updated_at) VALUES (:store, :guide, :service, :member, 'booked',"
            " :start, :end, :start, :end, 'store_page', false, '', now(), now())"
        ),
        {
            "store": salon.store_id,
            "guide": guide_id,
            "service": salon.service_id,
            "member": factories.member().id,
            "start": start,
            "end": start + timedelta(hours=1),
        },
    )


def test_what_the_search_reads_moves_the_version_and_nothing_else_does(
    db: dict[str, str],
) -> None:
    salon = open_salon(guides=2)
    guide, store, service = salon.guide_ids[0], salon.store_id, salon.service_id
    engine = create_engine(db["database_url"])
    with engine.begin() as connection:
        _appointment(connection, salon, guide, 11)
    engine.dispose()
    moves: list[tuple[str, dict[str, Any]]] = [
        ("UPDATE stores.appointments SET status = 'cancelled' WHERE guide_id = :g", {"g": guide}),
        ("UPDATE stores.working_hours SET ends_at = '17:00' WHERE guide_id = :g", {"g": guide}),
        (
            "INSERT INTO stores.schedule_exceptions (guide_id, on_date, kind, note)"
            " VALUES (:g, :d, 'leave', '')",
            {"g": guide, "d": day_ahead()},
        ),
        (
            "INSERT INTO stores.special_hours (store_id, on_date, note) VALUES (:s, :d, '')",
            {"s": store, "d": day_ahead()},
        ),
        ("UPDATE stores.opening_hours SET opens_at = '11:00' WHERE store_id = :s", {"s": store}),
        (
            "INSERT INTO stores.booking_policies (store_id, min_notice_minutes,"
            " booking_window_days, cancel_cutoff_minutes, updated_at) VALUES (:s, 0, 5, 0, now())",
            {"s": store},
        ),
        (
            "UPDATE stores.appointment_services SET interval_minutes = 15 WHERE id = :v",
            {"v": service},
        ),
        ("DELETE FROM stores.guide_services WHERE guide_id = :g", {"g": salon.guide_ids[1]}),
        ("UPDATE stores.guides SET active = false WHERE id = :g", {"g": guide}),
        ("UPDATE stores.stores SET timezone = 'Asia/Tokyo' WHERE id = :s", {"s": store}),
    ]
    for sql, values in moves:
        before = version(salon)
        write(sql, **values)
        assert version(salon) > before, sql
    stays: list[tuple[str, dict[str, Any]]] = [
        ("UPDATE stores.appointments SET reminded_24h_at = now(), note = 'x'", {}),
        ("UPDATE stores.guides SET name = 'Renamed' WHERE id = :g", {"g": guide}),
        ("UPDATE stores.appointment_services SET price_fen = 100 WHERE id = :v", {"v": service}),
        ("UPDATE stores.stores SET name = 'Renamed' WHERE id = :s", {"s": store}),
        ("UPDATE stores.appointments SET status = status", {}),
    ]
    for sql, values in stays:
        before = version(salon)
        write(sql, **values)
        assert version(salon) == before, sql


def test_bookings_of_different_guides_never_wait_on_one_counter(db: dict[str, str]) -> None:
    salon = open_salon(guides=2)
    first, second = salon.guide_ids
    engine = create_engine(db["database_url"])
    with engine.connect() as holder, engine.connect() as other:
        holder.begin()
        _appointment(holder, salon, first, 11)  # counted on (0, first), not yet committed
        other.begin()
        other.execute(text("SET LOCAL lock_timeout = '2s'"))
        _appointment(other, salon, second, 11)  # another guide: no wait
        other.commit()
        other.begin()
        other.execute(text("SET LOCAL lock_timeout = '200ms'"))
        with pytest.raises(OperationalError, match="lock timeout"):
            _appointment(other, salon, first, 12)  # the same guide's counter: it waits
        other.rollback()
        holder.rollback()
    engine.dispose()


async def _search(database_url: str, salon: Salon, day: date) -> list[dict[str, Any]]:
    connection = await adb.connect(database_url)
    try:
        body = await booking.find_slots_json(
            connection=connection,
            store_id=salon.store_id,
            service_id=salon.service_id,
            first=day,
            last=day,
            guide_id=None,
            now=utcnow(),
        )
    finally:
        await connection.close()
    return list(json.loads(body))


def test_searches_racing_bookings_keep_no_stale_answer(
    crowd: list[int],  # noqa: F811 (fixture)
    db: dict[str, str],
) -> None:
    salon = open_salon(guides=6)
    day = day_ahead()
    url = db["database_url"]
    assert len(asyncio.run(_search(url, salon, day))) == 15
    assert len(ANSWERS) == 1
    starts = [at(day, 10) + timedelta(minutes=30 * n) for n in range(15)]

    def attempt(i: int) -> Any:
        if i % 3 == 0:  # a third search while the others book
            return [asyncio.run(_search(url, salon, day)) for _ in range(3)]
        return _book(crowd[i], salon.store_id, salon.service_id, starts[i % 15], None)

    results = _race(30, attempt)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)]
    with UnitOfWork() as uow:
        fresh = booking.find_slots(
            session=uow.session,
            store_id=salon.store_id,
            service_id=salon.service_id,
            first=day,
            last=day,
            guide_id=None,
            now=utcnow(),
        )
    kept = asyncio.run(_search(url, salon, day))
    assert kept == [s.model_dump(mode="json") for s in fresh]
    assert sum(not isinstance(r, Exception) for r in results) > 10
    assert len(kept) < 15 or any(len(s["guide_ids"]) < 6 for s in kept)
