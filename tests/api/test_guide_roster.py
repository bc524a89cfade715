"""Managers hire guides, reset passwords and deactivate them, in their own regions only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories
from tests.booking import at, day_ahead, open_salon
from tests.shop import idem

PASSWORD = "a-long-enough-pass"


def _login(client: TestClient, username: str, password: str) -> int:
    response = client.post(
        "/tablet/v1/auth/login", json={"username": username, "password": password}
    )
    return response.status_code


def test_hire_reset_and_deactivate_a_guide(client: TestClient) -> None:
    salon, other = open_salon(), open_salon()
    headers = factories.manager_headers(factories.manager([salon.region_id]).id, (salon.region_id,))
    body = {"username": "sha-new-g1", "name": "Chen Jing", "password": PASSWORD}
    key = idem()
    hired = client.post(
        f"/manager/v1/stores/{salon.store_id}/guides", json=body, headers={**headers, **key}
    )
    assert hired.status_code == 201, hired.text
    assert "password" not in hired.json()
    replay = client.post(
        f"/manager/v1/stores/{salon.store_id}/guides", json=body, headers={**headers, **key}
    )
    assert replay.json()["id"] == hired.json()["id"]
    taken = client.post(
        f"/manager/v1/stores/{salon.store_id}/guides", json=body, headers={**headers, **idem()}
    )
    assert taken.status_code == 409
    short = client.post(
        f"/manager/v1/stores/{salon.store_id}/guides",
        json={**body, "username": "sha-new-g2", "password": "short"},
        headers={**headers, **idem()},
    )
    assert short.status_code == 422
    foreign = client.post(
        f"/manager/v1/stores/{other.store_id}/guides",
        json={**body, "username": "sha-new-g3"},
        headers={**headers, **idem()},
    )
    assert foreign.status_code == 404
    assert _login(client, "sha-new-g1", PASSWORD) == 200
    guide = hired.json()["id"]
    reset = client.post(
        f"/manager/v1/guides/{guide}/password",
        json={"password": "another-long-one"},
        headers=headers,
    )
    assert reset.status_code == 204
    assert _login(client, "sha-new-g1", PASSWORD) == 401
    assert _login(client, "sha-new-g1", "another-long-one") == 200
    assert (
        client.post(
            f"/manager/v1/guides/{other.guide_ids[0]}/deactivate", headers=headers
        ).status_code
        == 404
    )
    roster = client.get(f"/manager/v1/stores/{salon.store_id}/guides", headers=headers).json()
    assert {g["username"] for g in roster} >= {"sha-new-g1"}


def test_deactivation_ends_sessions_and_cancels_upcoming_bookings(client: TestClient) -> None:
    salon = open_salon()
    guide = salon.guide_ids[0]
    member = factories.member().id
    booked = client.post(
        "/mp/v1/appointments",
        json={
            "store_id": salon.store_id,
            "service_id": salon.service_id,
            "starts_at": at(day_ahead(), 11).isoformat(),
            "guide_id": guide,
        },
        headers={**factories.shopper_headers(member), **idem()},
    )
    assert booked.status_code == 201
    tablet = client.post(
        "/tablet/v1/auth/login", json={"username": _username(guide), "password": factories.PASSWORD}
    )
    assert tablet.status_code == 200, tablet.text
    token = {"Authorization": f"Bearer {tablet.json()['access_token']}"}
    assert client.get("/tablet/v1/agenda", headers=token).status_code == 200
    headers = factories.manager_headers(factories.manager([salon.region_id]).id, (salon.region_id,))
    gone = client.post(f"/manager/v1/guides/{guide}/deactivate", headers=headers)
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert client.get("/tablet/v1/agenda", headers=token).status_code == 401
    mine = client.get(
        f"/mp/v1/appointments/{booked.json()['id']}", headers=factories.shopper_headers(member)
    ).json()
    assert mine["status"] == "cancelled" and mine["cancelled_by"] == "manager"


def _username(guide_id: int) -> str:
    from services.platform.uow import UnitOfWork
    from stores.models import Guide

    with UnitOfWork() as uow:
        found = uow.session.get(Guide, guide_id)
        assert found is not None
        return found.username
