"""Churn warnings: one care task per member per period under repeated sweeps, at their store."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from orders.cases import churn
from orders.cases.models import CareTask
from orders.client import open_case
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from stores.models import CheckIn
from tests import factories


def _visits(member_id: int, store_id: int, days_ago: list[int]) -> None:
    with UnitOfWork() as uow:
        for days in days_ago:
            uow.session.add(
                CheckIn(
                    store_id=store_id,
                    member_id=member_id,
                    checked_in_at=utcnow() - timedelta(days=days),
                )
            )
        uow.commit()


def _tasks() -> list[tuple[int, int, str]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            select(CareTask.member_id, CareTask.store_id, CareTask.reason).order_by(
                CareTask.member_id
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_regulars_gone_quiet_and_detractors_get_one_task_per_period(client: TestClient) -> None:
    region = factories.region()
    home, other = factories.store(region.id), factories.store(region.id)
    quiet = factories.member(name="Quiet regular")
    _visits(quiet.id, home.id, [50, 60, 80])
    _visits(quiet.id, other.id, [55])
    still_coming = factories.member(name="Still coming")
    _visits(still_coming.id, home.id, [5, 50, 60])
    occasional = factories.member(name="Occasional")
    _visits(occasional.id, home.id, [50, 120])
    long_gone = factories.member(name="Long gone")
    _visits(long_gone.id, home.id, [200, 210, 220])
    unhappy = factories.member(name="Unhappy")
    with UnitOfWork() as uow:
        open_case(
            uow.session,
            kind="apology",
            member_id=unhappy.id,
            store_id=other.id,
            source_key="nps-9",
            summary="NPS 2",
        )
        uow.commit()

    opened = []
    for _ in range(3):  # beat runs again and again within the period
        with UnitOfWork() as uow:
            opened.append(churn.flag_at_risk(session=uow.session, now=utcnow()))
            uow.commit()
    assert opened == [2, 0, 0]
    assert _tasks() == sorted([(quiet.id, home.id, "quiet"), (unhappy.id, other.id, "detractor")])

    home_guide = factories.guide_headers(factories.guide(home.id).id, home.id)
    other_guide = factories.guide_headers(factories.guide(other.id).id, other.id)
    mine = client.get("/tablet/v1/care-tasks", headers=home_guide).json()["items"]
    assert [(t["member_id"], t["suggested"]) for t in mine] == [(quiet.id, "invite")]
    theirs = client.get("/tablet/v1/care-tasks", headers=other_guide).json()["items"]
    assert [(t["member_id"], t["suggested"]) for t in theirs] == [(unhappy.id, "call")]
    task_id = mine[0]["id"]
    refused = client.post(
        f"/tablet/v1/care-tasks/{task_id}/close", json={"outcome": "called"}, headers=other_guide
    )
    assert refused.status_code == 404
    closed = client.post(
        f"/tablet/v1/care-tasks/{task_id}/close",
        json={"outcome": "invited", "note": "fitting on Saturday"},
        headers=home_guide,
    )
    assert closed.status_code == 200 and closed.json()["outcome"] == "invited"
    again = client.post(
        f"/tablet/v1/care-tasks/{task_id}/close", json={"outcome": "called"}, headers=home_guide
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "care_task_closed"
    assert client.get("/tablet/v1/care-tasks", headers=home_guide).json()["items"] == []

    # Next period: the member who is still quiet may be flagged once more, never twice.
    later = utcnow() + timedelta(days=30)
    for _ in range(2):
        with UnitOfWork() as uow:
            churn.flag_at_risk(session=uow.session, now=later)
            uow.commit()
    with UnitOfWork() as uow:
        per_period = uow.session.execute(select(CareTask.member_id, CareTask.period_start)).all()
    assert len(per_period) == len(set(per_period))
