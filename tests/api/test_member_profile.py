"""Profile updates take only allow-listed fields; withdrawing consent erases the location."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.members.models import Member
from services.platform.uow import UnitOfWork
from tests import factories


def _row(member_id: int) -> Member:
    with UnitOfWork() as uow:
        member = uow.session.get(Member, member_id)
        assert member is not None
        uow.session.expunge(member)  # keep its loaded values after the rollback on exit
        return member


def test_allowed_fields_update(client: TestClient) -> None:
    member = factories.member()
    response = client.patch(
        "/mp/v1/me",
        json={"name": "Li Wei", "phone": "13800138000", "birthday": "1990-05-01"},
        headers=factories.shopper_headers(member.id),
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Li Wei"
    assert _row(member.id).birthday.isoformat() == "1990-05-01"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "sneaky",
    [
        {"points": 1_000_000},
        {"name": "ok", "points": 5},
        {"openid": "someone-else"},
        {"id": 1},
        {"joined_at": "2020-01-01T00:00:00Z"},
        {"home_latitude": 31.2},
        {"location_consent_at": "2020-01-01T00:00:00Z"},
    ],
)
def test_mass_assignment_is_refused_and_nothing_changes(client: TestClient, sneaky: dict) -> None:
    member = factories.member(points=7)
    response = client.patch("/mp/v1/me", json=sneaky, headers=factories.shopper_headers(member.id))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"
    after = _row(member.id)
    assert (after.points, after.openid, after.name) == (7, member.openid, member.name)


def test_consent_then_withdrawal_erases_the_location(client: TestClient) -> None:
    member = factories.member()
    headers = factories.shopper_headers(member.id)
    given = client.put(
        "/mp/v1/me/location",
        json={"latitude": 31.23, "longitude": 121.47, "city": "Shanghai"},
        headers=headers,
    )
    assert given.status_code == 200, given.text
    row = _row(member.id)
    assert (row.home_latitude, row.home_longitude, row.home_city) == (31.23, 121.47, "Shanghai")
    assert row.location_consent_at is not None

    withdrawn = client.delete("/mp/v1/me/location", headers=headers)
    assert withdrawn.status_code == 200
    row = _row(member.id)
    assert (row.home_latitude, row.home_longitude, row.home_city, row.location_consent_at) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "body",
    [
        {"latitude": 31.2},
        {"latitude": 95, "longitude": 121},
        {"latitude": 31.2, "longitude": 121.4, "address": "1 Nanjing Road"},
        {},
    ],
)
def test_bad_consent_is_refused(client: TestClient, body: dict) -> None:
    member = factories.member()
    response = client.put(
        "/mp/v1/me/location", json=body, headers=factories.shopper_headers(member.id)
    )
    assert response.status_code == 422


def test_an_address_needs_a_geocoder(client: TestClient) -> None:
    member = factories.member()
    response = client.put(
        "/mp/v1/me/location",
        json={"address": "1 Nanjing Road, Shanghai"},
        headers=factories.shopper_headers(member.id),
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "geocoding_disabled"


def test_profile_needs_a_shopper(client: TestClient) -> None:
    assert client.patch("/mp/v1/me", json={"name": "x"}).status_code == 401
    assert client.delete("/mp/v1/me/location").status_code == 401
