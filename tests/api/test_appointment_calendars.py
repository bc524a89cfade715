"""iCalendar files: a shopper's own appointment, a guide's own agenda feed."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from icalendar import Calendar

from tests import factories
from tests.booking import Salon, at, day_ahead, open_salon
from tests.shop import idem


def _book(client: TestClient, salon: Salon, member_id: int, hour: int, guide: int) -> dict:
    response = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": salon.store_id,
            "service_id": salon.service_id,
            "starts_at": at(day_ahead(), hour).isoformat(),
            "guide_id": guide,
        },
        headers={**factories.shopper_headers(member_id), **idem()},
    )
    assert response.status_code == 201, response.text
    return response.json()


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def test_a_shopper_downloads_their_own_appointment_only(client: TestClient) -> None:
    salon = open_salon()
    member, stranger = factories.member().id, factories.member().id
    made = _book(client, salon, member, 11, salon.guide_ids[0])
    url = f"/mp/v1/appointments/{made['id']}/calendar.ics"
    got = client.get(url, headers=factories.shopper_headers(member))
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(got.content).walk("VEVENT")
    assert event.decoded("dtstart") == _utc(made["starts_at"])
    assert event.decoded("dtend") == _utc(made["ends_at"])
    assert str(Calendar.from_ical(got.content)["x-wr-timezone"]) == "Asia/Shanghai"
    assert str(event["uid"]) == f"appointment-{made['id']}@appointments.o2o-retail"
    again = Calendar.from_ical(client.get(url, headers=factories.shopper_headers(member)).content)
    assert str(again.walk("VEVENT")[0]["uid"]) == str(event["uid"])  # stable
    other = client.get(url, headers=factories.shopper_headers(stranger))
    assert other.status_code == 404 and other.json()["error"]["code"] == "appointment_not_found"
    assert client.get(url).status_code == 401


def test_a_guide_feed_holds_their_own_appointments_with_cancelled_ones_marked(
    client: TestClient,
) -> None:
    salon = open_salon(guides=2)
    mine, colleague = salon.guide_ids
    kept = _book(client, salon, factories.member().id, 11, mine)
    dropped = _book(client, salon, factories.member().id, 13, mine)
    theirs = _book(client, salon, factories.member().id, 11, colleague)
    headers = factories.guide_headers(mine, salon.store_id)
    cancelled = client.post(
        f"/tablet/v1/appointments/{dropped['id']}/cancel",
        json={"reason": "the fitting room is flooded"},
        headers=headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    feed = client.get("/tablet/v1/me/agenda.ics", params={"days": 7}, headers=headers)
    assert feed.status_code == 200, feed.text
    status = {
        str(e["uid"]): (str(e["status"]), e.decoded("dtstart"))
        for e in Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert status == {
        f"appointment-{kept['id']}@appointments.o2o-retail": ("CONFIRMED", _utc(kept["starts_at"])),
        f"appointment-{dropped['id']}@appointments.o2o-retail": (
            "CANCELLED",
            _utc(dropped["starts_at"]),
        ),
    }
    assert f"appointment-{theirs['id']}@" not in feed.text
    too_soon = client.get("/tablet/v1/me/agenda.ics", params={"days": 1}, headers=headers)
    assert "BEGIN:VEVENT" not in too_soon.text  # the bookings are three days ahead
    assert (
        client.get("/tablet/v1/me/agenda.ics", params={"days": 500}, headers=headers).status_code
        == 422
    )
