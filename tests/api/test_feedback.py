"""Feedback over HTTP: one answer per occasion even when posted at once; managers see
NPS and CSAT of their regions only; product views are noted off the request path."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from mini_program_api.journey_notes import FLUSH_EVERY_S
from orders.cases.models import ServiceCase
from services.feedback import journey
from services.feedback.models import Answer, Invitation, JourneyEvent
from services.platform.cache import get_redis
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests import factories
from tests.integration.test_experience_journey import _check_in, _collect, _invite


def _invited(store_id: int) -> tuple[int, int]:
    """A member with one open invitation about a visit to ``store_id``: (member, occasion)."""
    member = factories.member()
    _check_in(store_id, member.id)
    _collect()
    assert _invite() >= 1
    with UnitOfWork() as uow:
        occasion = uow.session.scalars(
            select(Invitation.id).where(Invitation.member_id == member.id)
        ).one()
    return member.id, occasion


def _post(client: TestClient, member_id: int, body: dict) -> tuple[int, dict]:
    answer = client.post(
        "/mp/v1/feedback",
        json=body,
        headers={**factories.shopper_headers(member_id), "Idempotency-Key": uuid.uuid4().hex},
    )
    return answer.status_code, answer.json()


def test_shopper_rates_an_invited_visit_once(client: TestClient) -> None:
    region = factories.region()
    store = factories.store(region.id)
    member_id, occasion = _invited(store.id)

    listed = client.get("/mp/v1/feedback/invitations", headers=factories.shopper_headers(member_id))
    assert [i["occasion_id"] for i in listed.json()] == [occasion]

    status, body = _post(client, member_id, {"occasion_id": occasion, "scale": "nps", "score": 9})
    assert status == 201
    assert (body["stage"], body["store_id"], body["needs_case"]) == ("consider", store.id, False)
    status, body = _post(client, member_id, {"occasion_id": occasion, "scale": "nps", "score": 3})
    assert (status, body["error"]["code"]) == (409, "feedback_already_answered")
    listed = client.get("/mp/v1/feedback/invitations", headers=factories.shopper_headers(member_id))
    assert listed.json() == []

    stranger = factories.member()
    status, body = _post(client, stranger.id, {"occasion_id": occasion, "scale": "nps", "score": 9})
    assert (status, body["error"]["code"]) == (404, "feedback_occasion_not_found")


def test_a_low_csat_opens_one_apology_case_for_the_store(client: TestClient) -> None:
    region = factories.region()
    store = factories.store(region.id)
    member_id, occasion = _invited(store.id)
    status, body = _post(
        client,
        member_id,
        {"occasion_id": occasion, "scale": "csat", "score": 2, "tags": ["slow"], "comment": "x"},
    )
    assert status == 201 and body["needs_case"] is True
    with UnitOfWork() as uow:
        case = uow.session.scalars(
            select(ServiceCase).where(ServiceCase.member_id == member_id)
        ).one()
        assert (case.kind, case.store_id, case.status) == ("apology", store.id, "open")
        assert case.source_key == f"feedback:{body['id']}"
        assert "CSAT 2" in case.summary and "slow" in case.summary
    with UnitOfWork() as uow:
        kinds = uow.session.scalars(
            select(JourneyEvent.kind).where(JourneyEvent.member_id == member_id)
        ).all()
    assert sorted(kinds) == ["checked_in", "feedback_given"]


@pytest.mark.parametrize(
    "body",
    [
        {"scale": "csat", "score": 0},
        {"scale": "csat", "score": 6},
        {"scale": "nps", "score": 11},
        {"scale": "stars", "score": 3},
    ],
)
def test_scores_outside_their_scale_are_refused(client: TestClient, body: dict) -> None:
    status, answer = _post(client, factories.member().id, {"occasion_id": 1, **body})
    assert (status, answer["error"]["code"]) == (422, "invalid_input")


@pytest.mark.parametrize("round_", range(5))
def test_concurrent_posts_make_one_answer(client: TestClient, round_: int) -> None:
    region = factories.region()
    store = factories.store(region.id)
    member_id, occasion = _invited(store.id)
    posts, barrier, lock = 8, threading.Barrier(8), threading.Lock()
    statuses: list[int] = []

    def post(score: int) -> None:
        barrier.wait()
        status, _ = _post(
            client, member_id, {"occasion_id": occasion, "scale": "nps", "score": score}
        )
        with lock:
            statuses.append(status)

    # Every score a detractor's: the one answer that wins opens the one apology case.
    threads = [threading.Thread(target=post, args=(i % 7,)) for i in range(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [409] * (posts - 1)
    with UnitOfWork() as uow:
        assert (
            uow.session.scalar(
                select(func.count()).select_from(Answer).where(Answer.invitation_id == occasion)
            )
            == 1
        )


def test_a_regional_manager_sees_only_their_regions(client: TestClient) -> None:
    east, west = factories.region(), factories.region()
    east_store, west_store = factories.store(east.id), factories.store(west.id)
    for store, scores in ((east_store, (10, 9, 3)), (west_store, (0, 0))):
        for score in scores:
            member_id, occasion = _invited(store.id)
            assert (
                _post(client, member_id, {"occasion_id": occasion, "scale": "nps", "score": score})[
                    0
                ]
                == 201
            )

    east_manager = factories.manager([east.id])
    report = client.get(
        "/manager/v1/experience",
        params={"by": "store"},
        headers=factories.manager_headers(east_manager.id, (east.id,)),
    ).json()
    assert [row["key"] for row in report["rows"]] == [str(east_store.id)]
    assert report["total"]["nps"] == {"responses": 3, "value": pytest.approx(33.3)}
    # The east detractor (3) opened one apology case; the west ones (0, 0) are not counted.
    assert report["cases"]["open"] == 1

    hq = client.get(
        "/manager/v1/experience",
        params={"by": "stage"},
        headers=factories.new_manager_headers(hq=True),
    ).json()
    assert hq["total"]["nps"]["responses"] == 5
    assert hq["cases"]["open"] == 3
    assert [(r["key"], r["nps"]["responses"]) for r in hq["rows"]] == [("consider", 5)]

    old = (utcnow() - timedelta(days=400)).isoformat()
    refused = client.get(
        "/manager/v1/experience",
        params={"start": old},
        headers=factories.manager_headers(east_manager.id, (east.id,)),
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "bad_period")


def _buffered_after_flush(redis: Any, expected: int) -> int:
    """The buffer's length once the worker's flusher has had its turns (a few intervals)."""
    deadline = time.monotonic() + 5
    while redis.llen(journey.BUFFER) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(3 * FLUSH_EVERY_S)  # and nothing more arrives after
    return int(redis.llen(journey.BUFFER))


def test_product_views_are_noted_after_the_answer_and_joined_at_login(client: TestClient) -> None:
    product = factories.product()
    redis = get_redis()
    redis.delete(journey.BUFFER)
    device = f"dev-{uuid.uuid4().hex[:12]}"
    for _ in range(3):
        seen = client.get(f"/mp/v1/products/{product.id}", headers={"X-Device-Id": device})
        assert seen.status_code == 200
    assert _buffered_after_flush(redis, 3) == 3
    with UnitOfWork() as uow:
        assert journey.drain(uow.session, redis, now=utcnow()) == 3
        uow.commit()

    login = client.post("/mp/v1/auth/login", json={"code": "feedback-viewer", "device_id": device})
    assert login.status_code == 200
    member_id = login.json()["member"]["id"]
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            select(
                JourneyEvent.kind,
                JourneyEvent.stage,
                JourneyEvent.member_id,
                JourneyEvent.product_id,
            ).where(JourneyEvent.device_id == device)
        ).all()
    assert [tuple(r) for r in rows] == [("product_viewed", "consider", member_id, product.id)] * 3


def test_switched_off_views_are_not_noted(client: TestClient, monkeypatch) -> None:
    from services.platform.settings import get_settings

    monkeypatch.setenv("O2O_JOURNEY_VIEWS_RECORDED", "false")
    get_settings.cache_clear()
    try:
        product = factories.product()
        redis = get_redis()
        redis.delete(journey.BUFFER)
        seen = client.get(f"/mp/v1/products/{product.id}", headers={"X-Device-Id": "dev-off-0001"})
        assert seen.status_code == 200
        assert _buffered_after_flush(redis, 0) == 0
    finally:
        monkeypatch.delenv("O2O_JOURNEY_VIEWS_RECORDED")
        get_settings.cache_clear()


def test_a_signed_in_view_is_the_members_and_a_stale_token_still_gets_the_product(
    client: TestClient,
) -> None:
    product = factories.product()
    member = factories.member()
    redis = get_redis()
    redis.delete(journey.BUFFER)
    signed_in = client.get(
        f"/mp/v1/products/{product.id}", headers=factories.shopper_headers(member.id)
    )
    stale = client.get(
        f"/mp/v1/products/{product.id}", headers={"Authorization": "Bearer not-a-token"}
    )
    assert (signed_in.status_code, stale.status_code) == (200, 200)
    assert _buffered_after_flush(redis, 1) == 1
    with UnitOfWork() as uow:
        assert journey.drain(uow.session, redis, now=utcnow()) == 1  # nobody to name: not noted
        uow.commit()
    with UnitOfWork() as uow:
        who = uow.session.scalars(
            select(JourneyEvent.member_id).where(JourneyEvent.kind == "product_viewed")
        ).all()
    assert who == [member.id]
