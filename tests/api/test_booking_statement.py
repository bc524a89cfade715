"""A booking is one statement (stores.book_appointment): the same answer, replay, notice
and refusals as before, and a calendar changed between the read and the write is read
again, never booked over."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from services.platform.db import fetch, utcnow
from services.platform.outbox import OutboxMessage
from services.platform.uow import UnitOfWork
from stores.appointments import calendars, new_booking, notices
from stores.appointments.models import Appointment
from tests import factories
from tests.booking import SHANGHAI, at, day_ahead, open_salon
from tests.shop import idem


def _post(client: TestClient, member: int, headers: dict[str, str], **body: Any) -> Any:
    return client.post(
        "/mp/v1/appointments",
        json=body,
        headers={**factories.shopper_headers(member), **headers},
    )


def test_the_answer_is_the_appointment_as_read_and_is_replayed_whole(
    client: TestClient,
) -> None:
    salon = open_salon(guides=2)
    member = factories.member().id
    key = idem()
    body = {
        "store_id": salon.store_id,
        "service_id": salon.service_id,
        "starts_at": at(day_ahead(), 12).isoformat(),
    }
    first = _post(client, member, key, **body)
    assert first.status_code == 201, first.text
    made = first.json()
    read = client.get(
        f"/mp/v1/appointments/{made['id']}", headers=factories.shopper_headers(member)
    )
    assert read.status_code == 200 and read.json() == made  # names and local times too
    assert made["guide_id"] == salon.guide_ids[0] and made["guide_name"]
    again = _post(client, member, key, **body)
    assert again.status_code == 201 and again.json() == made
    other = _post(client, member, key, **{**body, "note": "another"})
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    with UnitOfWork() as uow:
        told = uow.session.scalars(
            select(OutboxMessage.payload).where(
                OutboxMessage.topic == "notification.requested",
                OutboxMessage.payload["dedupe_key"].astext.like(
                    f"appointment_booked-{made['id']}-%"
                ),
            )
        ).all()
        booked = uow.session.scalar(
            select(text("count(*)")).select_from(Appointment).where(Appointment.member_id == member)
        )
    assert len(told) == 1 and booked == 1  # told once, booked once
    assert told[0]["member_id"] == member
    assert told[0]["params"]["store_name"] == made["store_name"]


def test_a_refusal_keeps_nothing_and_the_key_can_be_used_again(client: TestClient) -> None:
    salon = open_salon()
    start = at(day_ahead(), 11)
    body = {"store_id": salon.store_id, "service_id": salon.service_id}
    taken = _post(client, factories.member().id, idem(), **body, starts_at=start.isoformat())
    assert taken.status_code == 201
    member, key = factories.member().id, idem()
    refused = _post(client, member, key, **body, starts_at=start.isoformat())
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "slot_unavailable"
    later = at(day_ahead(), 14).isoformat()
    assert _post(client, member, key, **body, starts_at=later).status_code == 201


def _asked(salon: Any, hour: int) -> tuple[new_booking.Ask, calendars.Booking]:
    """A booking of any guide at ``hour``, with the calendars read for it now."""
    ask = new_booking.Ask(
        member_id=factories.member().id,
        store_id=salon.store_id,
        service_id=salon.service_id,
        starts_at=at(day_ahead(), hour),
        guide_id=None,
        source="store_page",
        note="",
        now=utcnow(),
    )
    with UnitOfWork() as uow:
        rows = fetch(uow.session, calendars.CALENDAR_SQL, new_booking._reading(ask, None))
    return ask, calendars.calendar_of(rows[0], store_id=ask.store_id, service_id=ask.service_id)


def _write(ask: new_booking.Ask, found: calendars.Booking) -> dict[str, Any]:
    """The booking's statement on what was read, committed; its row and what stayed."""
    values = new_booking._values(ask, found, with_answer=False)
    with UnitOfWork() as uow:
        try:
            written = fetch(uow.session, new_booking._BOOK, {**values, "notice": None})[0]
            uow.commit()
        except psycopg.Error as error:
            written = {"raised": str(error).splitlines()[0]}
    with UnitOfWork() as uow:
        written["kept"] = uow.session.scalar(
            select(text("count(*)"))
            .select_from(Appointment)
            .where(Appointment.member_id == ask.member_id)
        )
    return written


def _book_at(client: TestClient, salon: Any, hour: int) -> None:
    made = _post(
        client,
        factories.member().id,
        idem(),
        store_id=salon.store_id,
        service_id=salon.service_id,
        starts_at=at(day_ahead(), hour).isoformat(),
    )
    assert made.status_code == 201, made.text


def test_a_booking_of_the_guide_at_another_time_since_the_read_does_not_matter(
    client: TestClient,
) -> None:
    salon = open_salon()
    ask, found = _asked(salon, 15)
    assert new_booking.free_guides(found, starts_at=ask.starts_at, now=ask.now) == [
        salon.guide_ids[0]
    ]
    _book_at(client, salon, 11)  # the same guide, another time, after the read
    written = _write(ask, found)
    assert not written["stale"] and written["chosen_guide"] == salon.guide_ids[0]
    assert written["kept"] == 1


def test_a_booking_over_the_same_time_since_the_read_takes_it(client: TestClient) -> None:
    salon = open_salon()
    ask, found = _asked(salon, 15)
    _book_at(client, salon, 15)
    written = _write(ask, found)
    assert "slot_unavailable" in written["raised"] and written["kept"] == 0


def test_a_week_changed_since_the_read_is_read_again(client: TestClient) -> None:
    """The guide's hours moved between the read and the statement: it answers 'stale',
    writes nothing, and the booking path reads again and judges on the new hours."""
    salon = open_salon()
    guide = salon.guide_ids[0]
    ask, found = _asked(salon, 15)
    with UnitOfWork() as uow:  # 10-18 becomes 10-16: 15:00-16:00 still fits
        uow.session.execute(
            text("UPDATE stores.working_hours SET ends_at = '16:00' WHERE guide_id = :g"),
            {"g": guide},
        )
        uow.commit()
    written = _write(ask, found)
    assert written["stale"] and written["appointment_id"] is None and written["kept"] == 0
    with UnitOfWork() as uow:
        made = new_booking.book(
            session=uow.session,
            member_id=ask.member_id,
            store_id=ask.store_id,
            service_id=ask.service_id,
            starts_at=ask.starts_at,
            guide_id=None,
            source="store_page",
            note="",
            now=ask.now,
        )
        uow.commit()
    assert made.guide_id == guide


def test_a_guide_is_still_free_only_with_the_same_week_and_no_overlap(
    client: TestClient,
) -> None:
    salon = open_salon()
    guide = salon.guide_ids[0]
    _, found = _asked(salon, 15)
    blocked = {"f": at(day_ahead(), 15), "u": at(day_ahead(), 16)}

    def verdict(version: int) -> str:
        with UnitOfWork() as uow:
            return str(
                uow.session.scalar(
                    text(
                        "SELECT stores.guide_still_free(p_guide_id => :g, p_version => :v,"
                        " p_blocked_from => :f, p_blocked_until => :u,"
                        " p_live => ARRAY['booked', 'checked_in'])"
                    ),
                    {"g": guide, "v": version, **blocked},
                )
            )

    version = found.guide_versions[guide]
    assert verdict(version) == "free"
    assert verdict(version + 1) == "changed"
    _book_at(client, salon, 14)  # 14:00-15:00 touches, does not overlap
    assert verdict(version) == "free"
    _book_at(client, salon, 15)
    assert verdict(version) == "taken"


def test_the_notice_names_the_appointment_it_is_about() -> None:
    names = notices.Names(
        store_name="Yunshan", timezone="Asia/Shanghai", service_name="Fitting", guide_name=""
    )
    start = at(day_ahead(), 3)
    marked = notices.message(
        template="appointment_booked",
        appointment_id=notices.ID_MARK,
        member_id=7,
        starts_at=start,
        names=names,
    )
    told = notices.message(
        template="appointment_booked", appointment_id=42, member_id=7, starts_at=start, names=names
    )
    assert marked["dedupe_key"].replace(notices.ID_MARK, "42") == told["dedupe_key"]
    assert told["params"]["when"] == start.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def test_a_store_whose_zone_changed_is_booked_in_its_new_zone(client: TestClient) -> None:
    """The booking reads the day its worker last saw the store's zone give; a zone changed
    since is seen in that read and the start is judged in the new zone."""
    salon = open_salon()
    body = {"store_id": salon.store_id, "service_id": salon.service_id}
    first = _post(
        client, factories.member().id, idem(), **body, starts_at=at(day_ahead(), 11).isoformat()
    )
    assert first.status_code == 201
    with UnitOfWork() as uow:
        uow.session.execute(
            text("UPDATE stores.stores SET timezone = 'Pacific/Pago_Pago' WHERE id = :id"),
            {"id": salon.store_id},
        )
        uow.commit()
    day = day_ahead()
    # 10:00 in Pago Pago (UTC-11) is 05:00 the next day in Shanghai.
    start = datetime.combine(day, time(10), tzinfo=ZoneInfo("Pacific/Pago_Pago"))
    made = _post(client, factories.member().id, idem(), **body, starts_at=start.isoformat())
    assert made.status_code == 201, made.text
    assert made.json()["starts_at_local"].endswith("T10:00:00-11:00")
