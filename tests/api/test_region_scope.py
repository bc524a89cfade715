"""A regional manager reaches their own regions' members only, wherever a store is placed.

The reproduction (issue 26, finding 3): East China's manager puts a store at Beijing's
coordinates in East China, runs a ``near_store`` campaign with a 20 km radius on it and a
site suggestion for East China. Before: 869 Beijing members treated, and the suggestion
counted 15,129 members instead of 11,016.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from services.siting.models import SiteJob
from stores.models import CheckIn, Manager, Region
from tests import factories
from tests.shop import idem

BEIJING = (39.9042, 116.4074)


def _store(region_id: int, code: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": "Capital Outpost",
        "region_id": region_id,
        "city": "Beijing",
        "address": "1 Chang'an Avenue",
        "latitude": BEIJING[0],
        "longitude": BEIJING[1],
        "timezone": "Asia/Shanghai",
        "hours": [{"weekday": d, "opens_at": "10:00", "closes_at": "21:00"} for d in range(7)],
    }


def _east() -> tuple[int, dict[str, str]]:
    with UnitOfWork() as uow:
        region_id = uow.session.scalars(select(Region.id).where(Region.code == "east")).one()
        manager_id = uow.session.scalars(
            select(Manager.id).where(Manager.username == "manager-east")
        ).one()
    return region_id, factories.manager_headers(manager_id, (region_id,))


def _first_visit_regions(campaign_id: int) -> set[int]:
    """The regions of the stores the campaign's members first visited."""
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            text(
                "SELECT DISTINCT ON (c.member_id) s.region_id"
                " FROM campaigns.campaign_members m"
                " JOIN stores.check_ins c ON c.member_id = m.member_id"
                " JOIN stores.stores s ON s.id = c.store_id"
                " WHERE m.campaign_id = :c ORDER BY c.member_id, c.checked_in_at, c.id"
            ),
            {"c": campaign_id},
        ).scalars()
        return set(rows)


#: The rule (``stores.areas.belongs``) restated in SQL: consented homes in the box that are
#: the region's own (home inside its area, or first check-in at one of its stores).
_OWN_IN_BOX = """
SELECT count(*) FILTER (WHERE own), count(*) FROM (
  SELECT (m.home_latitude BETWEEN r.area_south AND r.area_north
          AND m.home_longitude BETWEEN r.area_west AND r.area_east)
         OR (SELECT s.region_id FROM stores.check_ins c JOIN stores.stores s ON s.id = c.store_id
             WHERE c.member_id = m.id ORDER BY c.checked_in_at, c.id LIMIT 1) = r.id AS own
  FROM members.members m, stores.regions r
  WHERE r.id = :region AND m.location_consent_at IS NOT NULL
    AND m.home_latitude BETWEEN :south AND :north AND m.home_longitude BETWEEN :west AND :east
) AS homes
"""


def _own_and_all(job_id: int, region_id: int) -> tuple[int, int]:
    with UnitOfWork() as uow:
        job = uow.session.get(SiteJob, job_id)
        assert job is not None and job.result is not None
        south, west, north, east = job.result["box"]
        own, everyone = uow.session.execute(
            text(_OWN_IN_BOX),
            {"region": region_id, "south": south, "west": west, "north": north, "east": east},
        ).one()
    return int(own), int(everyone)


def _suggested_members(client: TestClient, headers: dict[str, str], region_id: int) -> int:
    started = client.post(
        "/manager/v1/site-suggestions",
        json={"region_id": region_id, "k": 2, "radius_km": 3.0},
        headers={**headers, **idem()},
    )
    assert started.status_code == 201, started.text
    job = client.get(f"/manager/v1/site-suggestions/{started.json()['id']}", headers=headers)
    assert job.json()["status"] == "done", job.text
    own, _ = _own_and_all(started.json()["id"], region_id)
    assert job.json()["result"]["members"] == own
    return int(started.json()["id"])


@pytest.mark.demo
def test_the_beijing_store_of_east_china_reaches_no_beijing_member(client: TestClient) -> None:
    east, headers = _east()
    refused = client.post(
        "/manager/v1/stores", json=_store(east, "BJ-EAST"), headers={**headers, **idem()}
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "store_outside_region"
    _suggested_members(client, headers, east)
    # Head office may still place it (or it predates the rule): scope must hold regardless.
    hq = factories.new_manager_headers(hq=True)
    placed = client.post(
        "/manager/v1/stores", json=_store(east, "BJ-EAST"), headers={**hq, **idem()}
    )
    assert placed.status_code == 201, placed.text
    opened = client.patch(
        f"/manager/v1/stores/{placed.json()['id']}", json={"status": "open"}, headers=hq
    )
    assert opened.status_code == 200, opened.text
    campaign = client.post(
        "/manager/v1/campaigns",
        json={
            "name": "Beijing grand opening",
            "store_id": placed.json()["id"],
            "audience": "near_store",
            "radius_km": 20,
            "control_percent": 10,
            "seed": 1,
            "message": "We are open.",
        },
        headers={**headers, **idem()},
    )
    assert campaign.status_code == 201, campaign.text
    # Before: 869 Beijing members. Now only those whose first visit was to an East store.
    reached = campaign.json()["treated"] + campaign.json()["control"]
    assert reached < 50
    assert _first_visit_regions(campaign.json()["id"]) == ({east} if reached else set())
    # The Beijing store stretches the region's box to Beijing; its residents who are not
    # East China's own stay out of the demand (before: 15,129 counted instead of 11,016).
    own, everyone = _own_and_all(_suggested_members(client, headers, east), east)
    assert everyone > own
    # HQ owns every region: its audience around the same store is Beijing's members.
    national = client.post(
        "/manager/v1/campaigns",
        json={
            "name": "Beijing grand opening (HQ)",
            "store_id": placed.json()["id"],
            "audience": "near_store",
            "radius_km": 20,
            "control_percent": 10,
            "seed": 1,
            "message": "We are open.",
        },
        headers={**hq, **idem()},
    )
    assert national.json()["treated"] + national.json()["control"] > reached


def test_a_member_who_first_visited_a_store_of_the_region_is_its_own(client: TestClient) -> None:
    """Home outside the region's area, first visit inside it: the region reaches them."""
    region = factories.region(area=(29.0, 119.0, 32.0, 122.0))
    other = factories.region(area=(39.0, 115.0, 41.0, 118.0))
    home = factories.store(region.id, latitude=30.27, longitude=120.16)
    factories.store(other.id, latitude=39.2, longitude=117.0)
    now = utcnow()
    visitor = factories.member(home_latitude=39.21, home_longitude=117.0, location_consent_at=now)
    factories.member(home_latitude=39.22, home_longitude=117.0, location_consent_at=now)
    with UnitOfWork() as uow:
        uow.session.add(CheckIn(store_id=home.id, member_id=visitor.id, checked_in_at=now))
        uow.commit()
    headers = factories.new_manager_headers((region.id,))
    campaign = client.post(
        "/manager/v1/campaigns",
        json={
            "name": "Come back",
            "store_id": _hq_store_near(client, region.id),
            "audience": "near_store",
            "radius_km": 5,
            "control_percent": 0,
            "seed": 1,
            "message": "Hello.",
        },
        headers={**headers, **idem()},
    )
    assert campaign.status_code == 201, campaign.text
    assert campaign.json()["treated"] == 1


def _hq_store_near(client: TestClient, region_id: int) -> int:
    """A store of the region placed by HQ far outside it (next to the two members)."""
    hq = factories.new_manager_headers(hq=True)
    body = {**_store(region_id, f"OUT-{region_id}"), "latitude": 39.2, "longitude": 117.01}
    placed = client.post("/manager/v1/stores", json=body, headers={**hq, **idem()})
    assert placed.status_code == 201, placed.text
    return int(placed.json()["id"])
