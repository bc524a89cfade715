"""Appointments as iCalendar: parsed back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from stores.appointments.icalendar_feed import Entry, render, uid

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def entry(appointment_id: int = 7, status: str = "booked", **changes: object) -> Entry:
    values: dict[str, object] = {
        "appointment_id": appointment_id,
        "status": status,
        "starts_at": datetime(2026, 12, 3, 6, 30, tzinfo=UTC),  # 14:30 in Shanghai
        "ends_at": datetime(2026, 12, 3, 7, 0, tzinfo=UTC),
        "created_at": NOW - timedelta(days=1),
        "updated_at": NOW - timedelta(days=1),
        "timezone": "Asia/Shanghai",
        "title": "Fitting at Jing'an",
        "location": "Jing'an, 1 Nanjing Road",
        "description": "With Lin",
        **changes,
    }
    return Entry(**values)  # type: ignore[arg-type]


def events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def test_an_event_is_at_the_stored_instant_with_the_store_zone_beside_it() -> None:
    body = render([entry()], name="Mine", now=NOW)
    (event,) = events(body)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
    assert end - start == timedelta(minutes=30)
    assert start.utcoffset() == timedelta(0) and b"DTSTART:20261203T063000Z" in body
    assert str(Calendar.from_ical(body)["x-wr-timezone"]) == "Asia/Shanghai"
    assert "Store time: 2026-12-03 14:30 (Asia/Shanghai)" in str(event["description"])
    assert event.decoded("dtstamp") == NOW
    assert str(event["status"]) == "CONFIRMED" and str(event["summary"]) == "Fitting at Jing'an"
    zones = Calendar.from_ical(render([entry()], name="Mine", now=NOW)).walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Asia/Shanghai"]


def test_the_uid_is_stable_and_a_change_raises_the_sequence() -> None:
    first = events(render([entry()], name="Mine", now=NOW))[0]
    moved = entry(updated_at=NOW, starts_at=datetime(2026, 12, 4, 6, 30, tzinfo=UTC))
    again = events(render([moved], name="Mine", now=NOW + timedelta(hours=1)))[0]
    assert str(first["uid"]) == str(again["uid"]) == uid(7)
    assert int(again["sequence"]) > int(first["sequence"])


def test_cancelled_appointments_stay_in_a_feed_as_cancelled() -> None:
    body = render([entry(1), entry(2, "cancelled"), entry(3, "completed")], name="Feed", now=NOW)
    status = {str(e["uid"]): str(e["status"]) for e in events(body)}
    assert status == {uid(1): "CONFIRMED", uid(2): "CANCELLED", uid(3): "CONFIRMED"}


def test_the_repeated_hour_of_a_clock_change_keeps_its_instant() -> None:
    # 01:30 happens twice that night in New York; 06:30 UTC is the second (EST) one,
    # which a wall time with a TZID could not say.
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    ny = entry(timezone="America/New_York", starts_at=second, ends_at=second + timedelta(hours=1))
    body = render([ny], name="Mine", now=NOW)
    (event,) = events(body)
    assert event.decoded("dtstart") == second
    assert "Store time: 2026-11-01 01:30 (America/New_York)" in str(event["description"])
    zones = Calendar.from_ical(body).walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["America/New_York"]
