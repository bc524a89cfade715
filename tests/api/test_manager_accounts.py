"""HQ keeps manager accounts over HTTP: open with regions, change regions, deactivate."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories
from tests.shop import idem

PATH = "/manager/v1/staff/managers"


def _login(client: TestClient, username: str, password: str) -> int:
    return client.post(
        "/manager/v1/auth/login", json={"username": username, "password": password}
    ).status_code


def test_hq_opens_an_account_that_logs_in_over_its_regions(client: TestClient) -> None:
    east, west = factories.region(), factories.region()
    hq = factories.new_manager_headers(hq=True)
    body = {
        "username": "manager-central",
        "name": "Chen Jing",
        "password": "choose-a-long-one",
        "region_ids": [east.id],
    }
    opened = client.post(PATH, json=body, headers={**hq, **idem()})
    assert opened.status_code == 201, opened.text
    account = opened.json()
    assert (account["username"], account["region_ids"], account["active"]) == (
        "manager-central",
        [east.id],
        True,
    )
    assert _login(client, "manager-central", "choose-a-long-one") == 200
    again = client.post(PATH, json=body, headers={**hq, **idem()})
    assert again.status_code == 409 and again.json()["error"]["code"] == "username_taken"
    listed = client.get(PATH, headers=hq).json()
    assert account in listed

    moved = client.put(
        f"{PATH}/{account['id']}/regions", json={"region_ids": [west.id]}, headers=hq
    )
    assert moved.status_code == 200 and moved.json()["region_ids"] == [west.id]
    unknown = client.put(
        f"{PATH}/{account['id']}/regions", json={"region_ids": [987654]}, headers=hq
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "region_not_found"

    gone = client.post(f"{PATH}/{account['id']}/deactivate", headers=hq)
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert _login(client, "manager-central", "choose-a-long-one") == 401


def test_a_regional_manager_may_not_and_hq_does_not_lock_itself_out(client: TestClient) -> None:
    region = factories.region()
    regional = factories.new_manager_headers((region.id,))
    refused = client.get(PATH, headers=regional)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "staff_hq_only"
    body = {"username": "sneaky", "name": "S", "password": "choose-a-long-one", "region_ids": []}
    made = client.post(PATH, json=body, headers={**regional, **idem()})
    assert made.status_code == 403
    me = factories.manager([], hq=True)
    hq = factories.manager_headers(me.id, hq=True)
    own = client.post(f"{PATH}/{me.id}/deactivate", headers=hq)
    assert own.status_code == 409 and own.json()["error"]["code"] == "own_account_change"
    missing = client.post(f"{PATH}/987654/deactivate", headers=hq)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "manager_not_found"


def test_changed_regions_end_the_managers_sessions(client: TestClient) -> None:
    east, west = factories.region(), factories.region()
    boss = factories.manager([east.id])
    token = factories.manager_headers(boss.id, (east.id,))
    assert client.get("/manager/v1/regions", headers=token).status_code == 200
    hq = factories.new_manager_headers(hq=True)
    client.put(f"{PATH}/{boss.id}/regions", json={"region_ids": [west.id]}, headers=hq)
    assert client.get("/manager/v1/regions", headers=token).status_code == 401
