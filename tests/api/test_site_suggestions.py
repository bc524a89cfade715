"""Site suggestions for managers: scoped to their regions, equal to the engine, mapped,
exported, and one call from a suggested site to a planned store."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from services.members.models import Member
from services.platform.db import get_sessionmaker
from services.siting import jobs
from services.siting.models import SiteJob
from services.siting.privacy import Privacy, reportable
from services.siting.suggest import suggest
from services.siting.tasks import sweep_lost_jobs
from stores.models import Store
from tests import factories
from tests.shop import idem

SVG = "{http://www.w3.org/2000/svg}"
RULE = Privacy(1.0, 5)  # the settings' defaults


def _members_around(centres: list[tuple[float, float, int]]) -> None:
    rng = np.random.default_rng(7)
    rows: list[dict[str, object]] = []
    for lat, lon, n in centres:
        for a, b in np.array([lat, lon]) + rng.normal(0, 0.004, (n, 2)):
            rows.append(
                {
                    "openid": f"site-{len(rows)}",
                    "home_latitude": float(a),
                    "home_longitude": float(b),
                    "location_consent_at": datetime(2026, 11, 1, tzinfo=UTC),
                }
            )
    with get_sessionmaker()() as session, session.begin():
        session.execute(insert(Member), rows)


def _region_with_stores() -> tuple[int, list[Store]]:
    region = factories.region()
    west = factories.store(region.id, latitude=31.23, longitude=121.40, name="West Gate")
    north = factories.store(region.id, latitude=31.30, longitude=121.47, name="North Bund")
    factories.store(region.id, latitude=31.20, longitude=121.52, status="planned")
    # Three neighbourhoods inside the region, and a few members in Beijing it never reads.
    _members_around(
        [(31.23, 121.40, 80), (31.25, 121.50, 200), (31.21, 121.45, 120), (39.9, 116.4, 5)]
    )
    return region.id, [west, north]


def _start(
    client: TestClient, headers: dict[str, str], region_id: int, **body: object
) -> httpx.Response:
    return client.post(
        "/manager/v1/site-suggestions",
        json={"region_id": region_id, "k": 2, "radius_km": 3.0, **body},
        headers={**headers, **idem()},
    )


def test_a_suggestion_runs_and_equals_the_engine_called_directly(client: TestClient) -> None:
    region_id, stores = _region_with_stores()
    headers = factories.new_manager_headers((region_id,))
    started = _start(client, headers, region_id)
    assert started.status_code == 201, started.text
    job_id = started.json()["id"]
    read = client.get(f"/manager/v1/site-suggestions/{job_id}", headers=headers)
    assert read.status_code == 200, read.text
    job = read.json()
    assert (job["status"], job["percent"], job["candidate_source"]) == ("done", 100, "demand")
    existing = np.array([[s.latitude, s.longitude] for s in stores])
    with get_sessionmaker()() as session:
        stored = session.get(SiteJob, job_id)
        assert stored is not None and stored.result is not None
        direct = suggest(
            session,
            k=2,
            model="mclp",
            radius_km=3.0,
            existing=existing,
            box=tuple(stored.result["box"]),
        )
    assert "box" not in job["result"]  # kept for the map, not part of the API's answer
    sites = job["result"]["sites"]
    # Shown as privacy allows: at square centres, a square of few members never alone.
    places = reportable([(d.latitude, d.longitude) for d in direct.sites], direct.demand, RULE)
    shown = [d for d, place in zip(direct.sites, places, strict=True) if place is not None]
    assert [(s["latitude"], s["longitude"], s["square_km"]) for s in sites] == [
        (p.latitude, p.longitude, p.square_km) for p in places if p is not None
    ]
    assert job["result"]["suppressed_sites"] == len(direct.sites) - len(shown)
    assert [s["huff_members"] for s in sites] == [d.huff_members for d in shown]
    assert [s["newly_covered"] for s in sites] == [round(d.newly_covered, 1) for d in shown]
    assert job["result"]["members"] == direct.members == 400
    names = {s.id: s.name for s in stores}
    for site, d in zip(sites, shown, strict=True):
        assert d.nearest_store is not None
        assert site["nearest_store"]["store_id"] == stores[d.nearest_store].id
        assert site["nearest_store"]["name"] == names[stores[d.nearest_store].id]
        assert {t["store_id"] for t in site["takes_from"]} == {stores[j].id for j in d.takes_from}
    # The planned store is no existing store; only the two open ones are.
    assert {s["store_id"] for s in job["result"]["existing"]} == set(names)


def test_a_manager_cannot_run_or_read_jobs_outside_their_regions(client: TestClient) -> None:
    region_id, _ = _region_with_stores()
    other = factories.region()
    factories.store(other.id)
    outsider = factories.new_manager_headers((other.id,))
    assert _start(client, outsider, region_id).status_code == 404
    hq = factories.new_manager_headers(hq=True)
    job_id = _start(client, hq, region_id).json()["id"]
    for path in ("", "/map.svg", "/export.csv"):
        answer = client.get(f"/manager/v1/site-suggestions/{job_id}{path}", headers=outsider)
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] == "site_job_not_found"
    planned = client.post(
        f"/manager/v1/site-suggestions/{job_id}/sites/1/planned-store",
        json={"code": "X-1", "name": "X", "city": "Shanghai", "address": "1 Road"},
        headers={**outsider, **idem()},
    )
    assert planned.status_code == 404
    insider = factories.new_manager_headers((region_id,))
    assert client.get(f"/manager/v1/site-suggestions/{job_id}", headers=insider).status_code == 200


def test_the_map_is_svg_with_every_site_and_the_csv_has_a_row_per_site(
    client: TestClient,
) -> None:
    region_id, stores = _region_with_stores()
    headers = factories.new_manager_headers((region_id,))
    job_id = _start(client, headers, region_id, k=3).json()["id"]
    drawn = client.get(f"/manager/v1/site-suggestions/{job_id}/map.svg", headers=headers)
    assert drawn.status_code == 200 and drawn.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(drawn.text)
    assert root.tag == f"{SVG}svg"
    ranks = [g.get("data-rank") for g in root.iter(f"{SVG}g") if g.get("class") == "site"]
    shown = client.get(f"/manager/v1/site-suggestions/{job_id}", headers=headers).json()
    count = len(shown["result"]["sites"])
    assert count >= 2 and count + shown["result"]["suppressed_sites"] == 3
    assert ranks == [str(rank) for rank in range(1, count + 1)]
    density = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "density")
    assert len(density) > 3
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any("West Gate" in t for t in titles) and any("North Bund" in t for t in titles)
    assert any("km" in (t.text or "") for t in root.iter(f"{SVG}text"))

    exported = client.get(f"/manager/v1/site-suggestions/{job_id}/export.csv", headers=headers)
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    sites = client.get(f"/manager/v1/site-suggestions/{job_id}", headers=headers).json()
    assert [int(r["rank"]) for r in rows] == list(range(1, count + 1))
    for row, site in zip(rows, sites["result"]["sites"], strict=True):
        assert float(row["latitude"]) == site["latitude"]
        assert int(row["nearest_store_id"]) == site["nearest_store"]["store_id"]
        assert row["nearest_store"] in {s.name for s in stores}


def test_a_site_becomes_one_planned_store_under_a_repeated_key(client: TestClient) -> None:
    region_id, _ = _region_with_stores()
    headers = factories.new_manager_headers((region_id,))
    job = _start(client, headers, region_id).json()
    key = idem()
    body = {"code": "SHA-NEW", "name": "Yunshan East", "city": "Shanghai", "address": "8 Road"}
    path = f"/manager/v1/site-suggestions/{job['id']}/sites/2/planned-store"
    first = client.post(path, json=body, headers={**headers, **key})
    again = client.post(path, json=body, headers={**headers, **key})
    assert first.status_code == again.status_code == 201, first.text
    assert first.json() == again.json()
    site = client.get(f"/manager/v1/site-suggestions/{job['id']}", headers=headers).json()
    second = site["result"]["sites"][1]
    made = first.json()
    assert (made["status"], made["region_id"]) == ("planned", region_id)
    assert (made["latitude"], made["longitude"]) == (second["latitude"], second["longitude"])
    with get_sessionmaker()() as session:
        assert session.scalar(select(func.count()).where(Store.code == "SHA-NEW")) == 1
    missing = client.post(
        f"/manager/v1/site-suggestions/{job['id']}/sites/9/planned-store",
        json={**body, "code": "SHA-NEW2"},
        headers={**headers, **idem()},
    )
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "site_not_found"


def test_running_jobs_per_manager_are_limited(client: TestClient) -> None:
    region_id, _ = _region_with_stores()
    manager = factories.manager([region_id])
    headers = factories.manager_headers(manager.id, (region_id,))
    with get_sessionmaker()() as session, session.begin():
        for _ in range(2):  # two still running (a worker busy with them)
            jobs.start(
                session,
                region_id=region_id,
                k=1,
                model="mclp",
                radius_km=3.0,
                candidates=None,
                manager_id=manager.id,
                regions=(region_id,),
                running_limit=2,
            )
    refused = _start(client, headers, region_id)
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "too_many_site_jobs"
    other = factories.new_manager_headers((region_id,))
    assert _start(client, other, region_id).status_code == 201


def test_a_job_not_yet_run_shows_its_stage_and_has_no_map(client: TestClient) -> None:
    region_id, _ = _region_with_stores()
    headers = factories.new_manager_headers((region_id,))
    job_id = _queued(region_id, age=timedelta(0))
    read = client.get(f"/manager/v1/site-suggestions/{job_id}", headers=headers).json()
    assert (read["status"], read["stage"], read["percent"], read["result"]) == (
        "queued",
        "queued",
        0,
        None,
    )
    drawn = client.get(f"/manager/v1/site-suggestions/{job_id}/map.svg", headers=headers)
    assert drawn.status_code == 409 and drawn.json()["error"]["code"] == "site_job_not_done"
    jobs.run(job_id)
    jobs.run(job_id)  # delivered twice: the second finds it claimed
    done = client.get(f"/manager/v1/site-suggestions/{job_id}", headers=headers).json()
    assert (done["status"], done["percent"], len(done["result"]["sites"])) == ("done", 100, 1)


@pytest.mark.usefixtures("db")
def test_progress_is_visible_while_the_job_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    region_id, _ = _region_with_stores()
    with get_sessionmaker()() as session, session.begin():
        job_id = jobs.start(
            session,
            region_id=region_id,
            k=1,
            model="mclp",
            radius_km=3.0,
            candidates=None,
            manager_id=None,
            regions=None,
            running_limit=1,
        ).id
    seen: list[tuple[str, str, int]] = []
    original = jobs._report_progress

    def spy(job: int, stage: str, percent: int) -> None:
        original(job, stage, percent)
        with get_sessionmaker()() as other:  # another connection, as a manager's GET
            row = other.get(SiteJob, job)
            assert row is not None
            seen.append((row.status, row.stage, row.percent))

    monkeypatch.setattr(jobs, "_report_progress", spy)
    jobs.run(job_id)
    assert seen[0] == ("running", "reading members", 5)
    assert [p for _, _, p in seen] == sorted(p for _, _, p in seen) and len(seen) >= 4


def _queued(region_id: int, *, age: timedelta, status: str = "queued") -> int:
    with get_sessionmaker()() as session, session.begin():
        job = jobs.start(
            session,
            region_id=region_id,
            k=1,
            model="mclp",
            radius_km=3.0,
            candidates=None,
            manager_id=None,
            regions=None,
            running_limit=1,
        )
        job.created_at = datetime.now(UTC) - age
        job.status = status
        if status == "running":
            job.started_at = job.created_at
        return job.id


def test_beat_resends_a_lost_job_and_gives_up_on_an_old_one(client: TestClient) -> None:
    region_id, _ = _region_with_stores()
    fresh = _queued(region_id, age=timedelta(seconds=5))
    lost_message = _queued(region_id, age=timedelta(minutes=5))
    lost_worker = _queued(region_id, age=timedelta(minutes=30), status="running")
    too_old = _queued(region_id, age=timedelta(hours=2))
    assert sweep_lost_jobs() == 2
    assert sweep_lost_jobs() == 0  # done now: nothing to send again
    with get_sessionmaker()() as session:
        status = {row.id: row.status for row in session.execute(select(SiteJob.id, SiteJob.status))}
        error = session.get(SiteJob, too_old).error  # type: ignore[union-attr]
    assert status[fresh] == "queued"
    assert status[lost_message] == status[lost_worker] == "done"
    assert status[too_old] == "failed" and error == jobs.LOST_MESSAGE


def test_a_manager_lists_their_regions_jobs_newest_first(client: TestClient) -> None:
    mine, _ = _region_with_stores()
    theirs = factories.store(factories.region().id).region_id
    ids = [_queued(mine, age=timedelta(seconds=1)) for _ in range(3)]
    other = _queued(theirs, age=timedelta(seconds=1))
    jobs.run(ids[0])
    headers = factories.new_manager_headers((mine,))
    listed = client.get("/manager/v1/site-suggestions", headers=headers).json()
    assert [j["id"] for j in listed["items"]] == ids[::-1] and listed["total"] == 3
    assert "result" not in listed["items"][0]
    done = client.get("/manager/v1/site-suggestions?status=done", headers=headers).json()
    assert [j["id"] for j in done["items"]] == [ids[0]]
    outside = client.get(f"/manager/v1/site-suggestions?region_id={theirs}", headers=headers)
    assert outside.status_code == 200 and outside.json()["total"] == 0
    hq = factories.new_manager_headers(hq=True)
    everything = client.get("/manager/v1/site-suggestions?limit=100", headers=hq).json()
    assert {*ids, other} <= {j["id"] for j in everything["items"]}
    bad = client.get("/manager/v1/site-suggestions?status=lost", headers=headers)
    assert bad.status_code == 422
