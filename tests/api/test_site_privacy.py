"""Site suggestions never point at a household: a tiny radius is refused, sites stand at
grid-square centres, and a site among too few members is not shown."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import insert

from services.members.models import Member
from services.platform.db import get_sessionmaker
from services.siting.models import SiteJob
from services.siting.privacy import centre_of, members_per_square, square_of
from services.siting.suggest import suggest
from tests import factories
from tests.api.test_site_suggestions import _start

#: Two homes 20 m apart, far from everyone else: their mean is, to the metre, a home.
PAIR = ((31.36010, 121.60010), (31.36028, 121.60010))


def _homes(homes: list[tuple[float, float]]) -> None:
    consent = datetime(2026, 11, 1, tzinfo=UTC)
    rows = [
        {"openid": f"home-{i}", "home_latitude": lat, "home_longitude": lon,
         "location_consent_at": consent}
        for i, (lat, lon) in enumerate(homes)
    ]  # fmt: skip
    with get_sessionmaker()() as session, session.begin():
        session.execute(insert(Member), rows)


def test_a_radius_below_the_minimum_is_refused(client: TestClient) -> None:
    region = factories.region()
    factories.store(region.id, latitude=31.23, longitude=121.40)
    headers = factories.new_manager_headers((region.id,))
    refused = _start(client, headers, region.id, k=50, radius_km=0.01)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "siting_radius_too_small"
    assert refused.json()["error"]["details"] == {"min_radius_km": 1.0}


def test_a_sparse_pair_of_homes_is_never_a_site_and_sites_stand_at_square_centres(
    client: TestClient,
) -> None:
    region = factories.region()
    factories.store(region.id, latitude=31.23, longitude=121.40)
    factories.store(region.id, latitude=31.37, longitude=121.62)  # the region reaches the pair
    # A crowd one site covers whole (within 200 m), and the pair far from it.
    crowd = np.array([31.30, 121.50]) + np.random.default_rng(3).uniform(-0.001, 0.001, (60, 2))
    _homes([(float(a), float(b)) for a, b in crowd] + list(PAIR))
    headers = factories.new_manager_headers((region.id,))
    started = _start(client, headers, region.id, k=2, radius_km=1.0)
    assert started.status_code == 201, started.text
    job = client.get(f"/manager/v1/site-suggestions/{started.json()['id']}", headers=headers)
    result = job.json()["result"]
    assert result["site_square_km"] == 1.0
    homes = np.array([[*home, 1.0] for home in [*map(tuple, crowd), *PAIR]])
    pair_square = square_of(*PAIR[0], 1.0)
    for site in result["sites"]:
        point, width = (site["latitude"], site["longitude"]), site["square_km"]
        square = square_of(*point, width)
        assert point == centre_of(square, width)
        assert members_per_square(homes, width).get(square, 0) >= 5  # never a pair alone
        assert square_of(*point, 1.0) != pair_square
    assert len(result["sites"]) + result["suppressed_sites"] == 2
    with get_sessionmaker()() as session:  # the engine did choose the pair's mean
        stored = session.get(SiteJob, started.json()["id"])
        assert stored is not None and stored.result is not None
        existing = np.array([[s["latitude"], s["longitude"]] for s in result["existing"]])
        box = tuple(stored.result["box"])
        direct = suggest(session, k=2, model="mclp", radius_km=1.0, existing=existing, box=box)
    assert pair_square in [square_of(d.latitude, d.longitude, 1.0) for d in direct.sites]
