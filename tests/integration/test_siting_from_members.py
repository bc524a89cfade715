"""Siting fed from the database: only consenting members count, and the answer reads well."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import insert, select
from typer.testing import CliRunner

from server.cli import app
from services.members.client import LocalMembersClient
from services.members.models import Member
from services.platform.db import get_sessionmaker
from services.siting.suggest import suggest

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _members(rows: list[tuple[float | None, float | None, bool]]) -> None:
    with get_sessionmaker()() as session, session.begin():
        session.execute(
            insert(Member),
            [
                {
                    "openid": f"siting-{i}",
                    "home_latitude": lat,
                    "home_longitude": lon,
                    "location_consent_at": NOW if consent else None,
                }
                for i, (lat, lon, consent) in enumerate(rows)
            ],
        )


@pytest.mark.usefixtures("db")
def test_only_consenting_members_inside_the_box_are_read() -> None:
    _members([(31.2, 121.4, True), (39.9, 116.4, True), (None, None, False), (31.3, 121.5, True)])
    with get_sessionmaker()() as session:
        homes = LocalMembersClient(session).consented_homes((30.0, 120.0, 32.0, 122.0))
    assert homes.tolist() == [[31.2, 121.4], [31.3, 121.5]]


@pytest.mark.usefixtures("db")
def test_suggested_sites_go_where_uncovered_members_live() -> None:
    rng = np.random.default_rng(0)
    east = np.array([31.23, 121.60]) + rng.normal(0, 0.005, (300, 2))
    west = np.array([31.23, 121.30]) + rng.normal(0, 0.005, (100, 2))
    _members([(float(a), float(b), True) for a, b in np.vstack([east, west])])
    store_in_west = np.array([[31.23, 121.30]])
    candidates = np.array([[31.23, 121.60], [31.23, 121.31], [31.60, 121.45]])
    with get_sessionmaker()() as session:
        result = suggest(
            session,
            k=2,
            model="mclp",
            radius_km=3.0,
            existing=store_in_west,
            candidates=candidates,
        )
    assert result.members == 400
    first = result.sites[0]
    assert (first.candidate, first.newly_covered) == (0, 300.0)
    assert first.nearest_store == 0 and first.nearest_store_km == pytest.approx(28.5, abs=0.5)
    # The store in the west already covers its members: the site next to it adds nothing.
    assert [s.adds for s in result.sites] == [300.0, 0.0]
    assert first.huff_members > 250


def test_o2o_siting_solve_reads_a_file_and_prints_json(tmp_path: Path) -> None:
    instance = {
        "model": "pmedian",
        "k": 1,
        "demand": [[31.20, 121.40, 1], [31.21, 121.41, 1], [31.60, 121.90, 10]],
        "candidates": [[31.205, 121.405], [31.60, 121.90]],
    }
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance))
    result = CliRunner().invoke(app, ["siting", "solve", str(path), "--seed", "1"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["chosen"] == [1] and answer["covered_weight"] is None
    assert answer["objective_unit"].startswith("weight x km")
    path.write_text('{"model": "mclp"}')
    refused = CliRunner().invoke(app, ["siting", "solve", str(path)])
    assert refused.exit_code == 2


def test_o2o_siting_solve_says_its_format_and_what_is_wrong_in_words(tmp_path: Path) -> None:
    shown = CliRunner().invoke(app, ["siting", "solve", "--help"], terminal_width=100)
    assert shown.exit_code == 0
    for words in ("demand", "[[latitude, longitude, weight], ...]", "radius_km", "Example"):
        assert words in shown.output, words
    path = tmp_path / "guess.json"
    path.write_text(json.dumps({"model": "mclp", "k": 1, "demand": [[95, 121, 1]], "sites": []}))
    refused = CliRunner().invoke(app, ["siting", "solve", str(path)])
    assert refused.exit_code == 2
    said = refused.output
    assert "validation error" not in said and "pydantic" not in said  # was pydantic's dump
    assert "demand[0][0]: Input should be less than or equal to 90" in said
    assert "candidates: missing" in said and "sites: not a field" in said
    assert "--help" in said


@pytest.mark.usefixtures("db")
def test_o2o_suggest_sites_saves_a_job_managers_can_read() -> None:
    from services.platform.uow import UnitOfWork
    from services.siting.models import SiteJob
    from tests import factories

    region = factories.region(code="delta")
    store = factories.store(region.id, latitude=31.23, longitude=121.30, name="Old Town")
    # A planned store widens the region's box; it is no existing store.
    factories.store(region.id, latitude=31.23, longitude=121.42, status="planned")
    _members([(31.23 + i * 1e-4, 121.36, True) for i in range(30)])
    result = CliRunner().invoke(
        app,
        ["suggest-sites", "--region", "delta", "--k", "1", "--no-progress"],
        env={"COLUMNS": "200"},  # one line per site, as on a wide terminal
    )
    assert result.exit_code == 0, result.output
    assert "Old Town" in result.output  # the nearest store, by name
    with UnitOfWork() as uow:
        job = uow.session.scalars(select(SiteJob)).one()
        assert (job.status, job.region_id, job.percent) == ("done", region.id, 100)
        assert job.result is not None
        site = job.result["sites"][0]
        assert site["nearest_store"]["store_id"] == store.id and site["newly_covered"] == 30
    unknown = CliRunner().invoke(app, ["suggest-sites", "--region", "nowhere", "--no-progress"])
    assert unknown.exit_code == 2 and "delta" in unknown.output
