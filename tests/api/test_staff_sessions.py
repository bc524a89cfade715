"""Staff sessions end at once: logout, deactivation, new regions, a new password."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from server.cli import app as cli
from services.platform import sessions
from services.platform.auth import Principal
from services.platform.cache import get_redis
from services.platform.uow import UnitOfWork
from stores import staff_auth
from stores.models import Guide
from tests import factories


def _login(
    client: TestClient, username: str, password: str = factories.PASSWORD, *, door: str = "tablet"
) -> Any:
    return client.post(f"/{door}/v1/auth/login", json={"username": username, "password": password})


def _bearer(response: Any) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _ended(response: Any) -> bool:
    return response.status_code == 401 and response.json()["error"]["code"] == "session_ended"


def _guide(username: str = "li.na") -> Guide:
    return factories.guide(factories.store(factories.region().id).id, username=username)


def _staff_at(door: str) -> str:
    """Save ``li.na`` as a guide or a manager; the path of a read that needs the session."""
    if door == "tablet":
        _guide()
        return "/tablet/v1/me"
    factories.manager([factories.region().id], username="li.na")
    return "/manager/v1/regions"


def test_a_deactivated_guides_next_request_is_refused(client: TestClient) -> None:
    guide = _guide()
    headers = _bearer(_login(client, "li.na"))
    assert client.get("/tablet/v1/me", headers=headers).status_code == 200  # token remembered
    with UnitOfWork() as uow:
        staff_auth.deactivate_guide(session=uow.session, guide_id=guide.id)
        uow.commit()
    assert _ended(client.get("/tablet/v1/me", headers=headers))
    refused = _login(client, "li.na")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "invalid_credentials"


def test_a_change_that_rolls_back_ends_nothing(client: TestClient) -> None:
    guide = _guide()
    headers = _bearer(_login(client, "li.na"))
    with UnitOfWork() as uow:
        staff_auth.deactivate_guide(session=uow.session, guide_id=guide.id)
        # no commit: the unit of work rolls back, and no new version is published
    assert client.get("/tablet/v1/me", headers=headers).status_code == 200


def test_a_manager_whose_regions_changed_must_log_in_again(client: TestClient) -> None:
    east, west = factories.region(), factories.region()
    boss = factories.manager([east.id], username="boss")
    headers = _bearer(_login(client, "boss", door="manager"))
    assert [r["id"] for r in client.get("/manager/v1/regions", headers=headers).json()] == [east.id]
    with UnitOfWork() as uow:
        staff_auth.set_manager_regions(
            session=uow.session, manager_id=boss.id, region_ids=[west.id]
        )
        uow.commit()
    assert _ended(client.get("/manager/v1/regions", headers=headers))
    again = _bearer(_login(client, "boss", door="manager"))
    assert [r["id"] for r in client.get("/manager/v1/regions", headers=again).json()] == [west.id]


def test_unknown_regions_are_refused(db: dict[str, str]) -> None:
    boss = factories.manager([], username="boss")
    with UnitOfWork() as uow, pytest.raises(Exception) as refused:
        staff_auth.set_manager_regions(session=uow.session, manager_id=boss.id, region_ids=[987654])
    assert getattr(refused.value, "code", None) == "region_not_found"


@pytest.mark.parametrize("door", ["tablet", "manager"])
def test_logout_ends_the_session_on_every_device(client: TestClient, door: str) -> None:
    me = _staff_at(door)
    tablet, phone = (
        _bearer(_login(client, "li.na", door=door)),
        _bearer(_login(client, "li.na", door=door)),
    )
    assert client.get(me, headers=phone).status_code == 200
    assert client.post(f"/{door}/v1/auth/logout", headers=tablet).status_code == 204
    assert _ended(client.get(me, headers=tablet))
    assert _ended(client.get(me, headers=phone))
    assert _ended(client.post(f"/{door}/v1/auth/logout", headers=tablet))
    assert client.get(me, headers=_bearer(_login(client, "li.na", door=door))).status_code == 200


def test_a_new_password_ends_the_old_sessions(client: TestClient) -> None:
    guide = _guide()
    headers = _bearer(_login(client, "li.na"))
    with UnitOfWork() as uow:
        staff_auth.set_password(
            session=uow.session, role="guide", staff_id=guide.id, password="a-new-long-password"
        )
        uow.commit()
    assert _ended(client.get("/tablet/v1/me", headers=headers))
    assert _login(client, "li.na").status_code == 401
    assert (
        client.get(
            "/tablet/v1/me", headers=_bearer(_login(client, "li.na", "a-new-long-password"))
        ).status_code
        == 200
    )


def test_a_short_password_is_refused(db: dict[str, str]) -> None:
    guide = _guide()
    with UnitOfWork() as uow, pytest.raises(Exception) as refused:
        staff_auth.set_password(
            session=uow.session, role="guide", staff_id=guide.id, password="short"
        )
    assert getattr(refused.value, "code", None) == "password_too_short"


def test_a_staff_token_without_a_session_version_is_refused(client: TestClient) -> None:
    guide = _guide()
    old_style = factories.token(Principal(role="guide", subject=guide.id, store_id=guide.store_id))
    assert _ended(client.get("/tablet/v1/me", headers=old_style))


def test_a_version_changed_by_hand_is_seen_once_the_cache_entry_lapses(client: TestClient) -> None:
    """Outside the service functions nothing is published: the cache TTL bounds the delay."""
    guide = _guide()
    headers = _bearer(_login(client, "li.na"))
    assert client.get("/tablet/v1/me", headers=headers).status_code == 200  # cached: version 1
    with UnitOfWork() as uow:
        uow.session.execute(
            update(Guide)
            .where(Guide.id == guide.id)
            .values(session_version=Guide.session_version + 1)
        )
        uow.commit()
    assert client.get("/tablet/v1/me", headers=headers).status_code == 200  # still cached
    get_redis().delete(f"staff-session:guide:{guide.id}")  # what the TTL does
    assert _ended(client.get("/tablet/v1/me", headers=headers))


def test_a_stale_fill_never_puts_an_older_version_back(db: dict[str, str]) -> None:
    """A request misses the cache and reads version 1; the bump commits and publishes 2
    before that request fills the cache: the cache keeps 2."""
    from redis.asyncio import Redis

    async def load_then_bump() -> int | None:
        sessions.publish_version(role="guide", subject=7, version=2, ttl_seconds=60)
        return 1  # what the database said just before the bump's commit

    async def request() -> int:
        redis = Redis.from_url(db["redis_url"], decode_responses=True)
        try:
            return await sessions.current_version(
                redis, role="guide", subject=7, load=load_then_bump, ttl_seconds=60
            )
        finally:
            await redis.aclose()

    assert asyncio.run(request()) == 2
    assert get_redis().get("staff-session:guide:7") == "2"


def test_the_staff_command_deactivates_a_guide(client: TestClient) -> None:
    _guide()
    headers = _bearer(_login(client, "li.na"))
    result = CliRunner().invoke(cli, ["staff", "deactivate-guide", "li.na"])
    assert result.exit_code == 0, result.output
    assert _ended(client.get("/tablet/v1/me", headers=headers))
    missing = CliRunner().invoke(cli, ["staff", "deactivate-guide", "nobody"])
    assert missing.exit_code == 1


@pytest.mark.parametrize("door", ["tablet", "manager"])
def test_changing_ones_own_password_ends_the_other_sessions(client: TestClient, door: str) -> None:
    me = _staff_at(door)
    here, elsewhere = (_bearer(_login(client, "li.na", door=door)) for _ in range(2))
    body = {"current_password": factories.PASSWORD, "new_password": "a-new-long-password"}
    changed = client.post(f"/{door}/v1/auth/password", json=body, headers=here)
    new_token = _bearer(changed)
    assert _ended(client.get(me, headers=elsewhere))
    assert _ended(client.get(me, headers=here))
    assert client.get(me, headers=new_token).status_code == 200
    assert _login(client, "li.na", door=door).status_code == 401
    assert _login(client, "li.na", "a-new-long-password", door=door).status_code == 200


def test_a_wrong_current_password_is_refused_and_counted(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.platform.settings import get_settings

    monkeypatch.setenv("O2O_LOGIN_MAX_FAILURES_PER_USERNAME", "2")
    monkeypatch.setenv("O2O_LOGIN_FAILURES_BEFORE_BACKOFF", "100")
    get_settings.cache_clear()
    _guide()
    headers = _bearer(_login(client, "li.na"))
    guess = {"current_password": "guess", "new_password": "a-new-long-password"}
    for _ in range(2):
        wrong = client.post("/tablet/v1/auth/password", json=guess, headers=headers)
        assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "wrong_password"
    locked = client.post("/tablet/v1/auth/password", json=guess, headers=headers)
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "login_locked"
    short = {"current_password": factories.PASSWORD, "new_password": "short"}
    refused = client.post("/tablet/v1/auth/password", json=short, headers=headers)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "password_too_short"
    assert client.get("/tablet/v1/me", headers=headers).status_code == 200  # nothing changed
    get_settings.cache_clear()
