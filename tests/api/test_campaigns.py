"""Routing campaigns through the manager API: regions, launch, results."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.campaigns.models import CampaignMember
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from stores.models import CheckIn
from tests import factories
from tests.shop import idem

STORE = (30.27, 120.16)


def _neighbours(n: int) -> None:
    now = utcnow()
    for i in range(n):
        factories.member(
            home_latitude=STORE[0] + 0.001 * (i % 10),
            home_longitude=STORE[1] + 0.001 * (i // 10),
            location_consent_at=now,
        )


def _body(store_id: int | None, **changes: Any) -> dict[str, Any]:
    return {
        "name": "Hangzhou 2 opens",
        "store_id": store_id,
        "audience": "near_store",
        "radius_km": 3.0,
        "control_percent": 25,
        "seed": 3,
        "message": "Your new nearest store opens Saturday.",
        **changes,
    }


def test_a_manager_runs_a_campaign_toward_a_new_store_and_reads_its_results(
    client: TestClient,
) -> None:
    east = factories.region()
    store = factories.store(east.id, latitude=STORE[0], longitude=STORE[1], status="planned")
    _neighbours(40)
    headers = factories.new_manager_headers((east.id,))
    key = idem()
    created = client.post("/manager/v1/campaigns", json=_body(store.id), headers={**headers, **key})
    assert created.status_code == 201, created.text
    campaign = created.json()
    assert campaign["treated"] + campaign["control"] == 40 and campaign["control"] > 0
    assert campaign["status"] == "ready" and campaign["link"]
    replay = client.post("/manager/v1/campaigns", json=_body(store.id), headers={**headers, **key})
    assert replay.json()["id"] == campaign["id"]
    qr = client.get(f"/manager/v1/campaigns/{campaign['id']}/qr.svg", headers=headers)
    assert qr.status_code == 200 and "<svg" in qr.text

    launched = client.post(f"/manager/v1/campaigns/{campaign['id']}/launch", headers=headers)
    assert launched.status_code == 200, launched.text
    again = client.post(f"/manager/v1/campaigns/{campaign['id']}/launch", headers=headers)
    assert again.json()["error"]["code"] == "campaign_already_launched"
    shown = client.get(f"/manager/v1/campaigns/{campaign['id']}", headers=headers).json()
    assert shown["status"] == "sent" and shown["sent"] == campaign["treated"]

    with UnitOfWork() as uow:
        arms = dict(
            uow.session.execute(
                select(CampaignMember.member_id, CampaignMember.arm).where(
                    CampaignMember.campaign_id == campaign["id"]
                )
            ).all()
        )
        treated = sorted(m for m, a in arms.items() if a == "treated")
        control = sorted(m for m, a in arms.items() if a == "control")
        for member_id in treated[:4]:
            uow.session.add(
                CheckIn(
                    store_id=store.id, member_id=member_id, touchpoint_id=shown["touchpoint_id"]
                )
            )
        uow.session.add(CheckIn(store_id=store.id, member_id=control[0]))
        uow.commit()
    read = client.get(f"/manager/v1/campaigns/{campaign['id']}/results", headers=headers)
    assert read.status_code == 200, read.text
    body = read.json()
    by_arm = {a["arm"]: a for a in body["arms"]}
    assert by_arm["treated"]["converted"] == 4 and by_arm["treated"]["through_touchpoint"] == 4
    assert by_arm["control"]["converted"] == 1 and by_arm["control"]["through_touchpoint"] == 0
    expected = 4 / len(treated) - 1 / len(control)
    assert abs(body["uplift"]["difference"] - expected) < 1e-9
    assert body["uplift"]["low"] < expected < body["uplift"]["high"]


def test_a_manager_cannot_run_or_read_campaigns_outside_their_regions(
    client: TestClient,
) -> None:
    east, north = factories.region(), factories.region()
    north_store = factories.store(north.id, latitude=STORE[0], longitude=STORE[1])
    _neighbours(10)
    east_headers = factories.new_manager_headers((east.id,))
    north_headers = factories.new_manager_headers((north.id,))
    hq = factories.new_manager_headers(hq=True)

    refused = client.post(
        "/manager/v1/campaigns", json=_body(north_store.id), headers={**east_headers, **idem()}
    )
    assert refused.json()["error"]["code"] == "store_not_found"
    by_channel = client.post(
        "/manager/v1/campaigns",
        json=_body(
            None,
            channel="delivery",
            region_id=north.id,
            audience="single_channel",
        ),
        headers={**east_headers, **idem()},
    )
    assert by_channel.json()["error"]["code"] == "region_forbidden"

    made = client.post(
        "/manager/v1/campaigns", json=_body(north_store.id), headers={**north_headers, **idem()}
    )
    assert made.status_code == 201
    campaign_id = made.json()["id"]
    for method, path in (
        ("get", f"/manager/v1/campaigns/{campaign_id}"),
        ("get", f"/manager/v1/campaigns/{campaign_id}/results"),
        ("get", f"/manager/v1/campaigns/{campaign_id}/qr.svg"),
        ("post", f"/manager/v1/campaigns/{campaign_id}/launch"),
    ):
        answer = client.request(method, path, headers=east_headers)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == (
            "campaign_not_found"
        ), path
    assert client.get("/manager/v1/campaigns", headers=east_headers).json()["items"] == []
    listed = client.get("/manager/v1/campaigns", headers=hq).json()["items"]
    assert [c["id"] for c in listed] == [campaign_id]
    assert (
        client.get(f"/manager/v1/campaigns/{campaign_id}", headers=north_headers).status_code == 200
    )


def test_a_closed_store_and_a_channel_audience_around_a_store_are_refused(
    client: TestClient,
) -> None:
    east = factories.region()
    closed = factories.store(east.id, status="closed")
    headers = factories.new_manager_headers((east.id,))
    answer = client.post(
        "/manager/v1/campaigns", json=_body(closed.id), headers={**headers, **idem()}
    )
    assert answer.json()["error"]["code"] == "campaign_target_closed"
    answer = client.post(
        "/manager/v1/campaigns",
        json=_body(None, channel="delivery", region_id=east.id),
        headers={**headers, **idem()},
    )
    assert answer.json()["error"]["code"] == "campaign_audience_needs_store"
