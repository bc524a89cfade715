"""Staff login under attack: no username oracle, throttled per username and per IP, hashed
on threads of its own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, Literal

import anyio.from_thread
import anyio.to_thread
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from services.platform import auth
from services.platform.settings import get_settings
from tests import factories

TABLET = "/tablet/v1/auth/login"
MANAGER = "/manager/v1/auth/login"


class CountingHasher(PasswordHasher):
    """The production hasher, counting the verifications that go through it."""

    def __init__(self) -> None:
        super().__init__()
        self.verified = 0
        self.on_verify: list[Any] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified += 1
        for hook in self.on_verify:
            hook()
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(auth, "_hasher", counting)
    auth._dummy_hash.cache_clear()
    return counting


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def set_(**values: object) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"O2O_{name.upper()}", str(value))
        get_settings.cache_clear()

    yield set_
    get_settings.cache_clear()


def _login(client: TestClient, username: str, password: str, path: str = TABLET) -> Any:
    return client.post(path, json={"username": username, "password": password})


def _staff() -> None:
    store = factories.store(factories.region().id)
    factories.guide(store.id, username="li.na")
    factories.guide(store.id, username="retired", active=False)


def test_unknown_and_known_usernames_cost_one_hash_and_answer_alike(
    client: TestClient, hasher: CountingHasher
) -> None:
    _staff()
    answers = []
    for username, password in [
        ("nobody", factories.PASSWORD),  # no such guide
        ("li.na", "wrong-password"),  # known, wrong password
        ("retired", factories.PASSWORD),  # known, deactivated
    ]:
        before = hasher.verified
        response = _login(client, username, password)
        assert hasher.verified == before + 1, username  # the unknown name is hashed too
        assert response.status_code == 401
        answers.append(response.json())
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["error"]["code"] == "invalid_credentials"


def test_a_username_is_locked_after_n_failures_known_or_not(
    client: TestClient, configure: Any
) -> None:
    configure(login_max_failures_per_username=4, login_failures_before_backoff=100)
    _staff()
    for username in ("li.na", "nobody"):
        for _ in range(4):
            assert _login(client, username, "wrong-password").status_code == 401
        locked = _login(client, username, factories.PASSWORD)  # even the right password
        assert locked.status_code == 429, username
        assert locked.json()["error"]["code"] == "login_locked"
        assert locked.json()["error"]["details"]["scope"] == "username"
        assert locked.headers["Retry-After"] == str(get_settings().login_lock_seconds)
    # Another guide on the same tablet still logs in; the lock is per name.
    factories.guide(factories.store(factories.region().id).id, username="wang.fang")
    assert _login(client, "wang.fang", factories.PASSWORD).status_code == 200


def test_failures_past_the_free_ones_back_off(client: TestClient, configure: Any) -> None:
    configure(login_failures_before_backoff=2, login_max_failures_per_username=10)
    _staff()
    assert _login(client, "li.na", "wrong-1").status_code == 401
    assert _login(client, "li.na", "wrong-2").status_code == 401  # the 2nd: wait 1 s
    waiting = _login(client, "li.na", factories.PASSWORD)
    assert waiting.status_code == 429
    assert waiting.json()["error"]["code"] == "login_locked"
    assert waiting.headers["Retry-After"] == "1"


def test_failures_are_counted_per_client_ip_across_usernames(
    client: TestClient, configure: Any
) -> None:
    configure(login_max_failures_per_ip=3, login_failures_before_backoff=100)
    _staff()
    for username in ("a", "b", "c"):
        assert _login(client, username, "guess").status_code == 401
    refused = _login(client, "li.na", factories.PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["error"]["details"]["scope"] == "ip"


def test_a_successful_login_does_not_wipe_the_ips_failures(
    client: TestClient, configure: Any
) -> None:
    configure(login_max_failures_per_ip=3, login_failures_before_backoff=100)
    _staff()
    assert _login(client, "a", "guess").status_code == 401
    assert _login(client, "b", "guess").status_code == 401
    assert _login(client, "li.na", factories.PASSWORD).status_code == 200  # the attacker's own
    assert _login(client, "c", "guess").status_code == 401  # the third failure: locked
    assert _login(client, "d", "guess").status_code == 429


def test_a_burst_of_guesses_cannot_outrun_the_count(
    client: TestClient, hasher: CountingHasher, configure: Any
) -> None:
    """Twelve simultaneous guesses at one name: only the first five reach argon2."""
    configure(login_max_failures_per_username=5, login_failures_before_backoff=100)
    _staff()
    barrier = threading.Barrier(12)
    statuses: list[int] = []

    def guess(i: int) -> None:
        barrier.wait(timeout=30)
        statuses.append(_login(client, "li.na", f"guess-{i}").status_code)

    for _round in range(2):
        threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert len(statuses) == 24
    assert statuses.count(401) == 5 and statuses.count(429) == 19
    assert hasher.verified == 5


def test_passwords_are_hashed_off_the_request_thread_pool(
    client: TestClient, hasher: CountingHasher
) -> None:
    """While argon2 runs, no token of the sync routes' limiter is held for the login."""
    _staff()
    seen: list[tuple[int, int]] = []

    def look() -> None:
        def tokens() -> tuple[int, int]:
            shared = anyio.to_thread.current_default_thread_limiter().borrowed_tokens
            return shared, auth._hash_limiter().borrowed_tokens

        seen.append(anyio.from_thread.run_sync(tokens))

    hasher.on_verify.append(look)
    assert _login(client, "li.na", factories.PASSWORD).status_code == 200
    assert _login(client, "nobody", "x", path=MANAGER).status_code == 401
    assert seen == [(0, 1), (0, 1)]


def test_a_login_queue_past_its_bound_is_refused_at_once(
    client: TestClient, hasher: CountingHasher, configure: Any
) -> None:
    configure(password_hash_threads=1, password_hash_queue=0)
    _staff()
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        inside.set()
        release.wait(timeout=30)

    hasher.on_verify.append(hold)
    first: list[int] = []
    holder = threading.Thread(
        target=lambda: first.append(_login(client, "li.na", factories.PASSWORD).status_code)
    )
    holder.start()
    try:
        assert inside.wait(timeout=30)
        busy = _login(client, "li.na", factories.PASSWORD)
        assert busy.status_code == 503
        assert busy.json()["error"]["code"] == "login_busy"
        assert busy.headers["Retry-After"] == "1"
    finally:
        release.set()
        holder.join(timeout=30)
    assert first == [200]


@pytest.mark.parametrize("field", ["username", "password"])
def test_a_nul_byte_is_refused_not_a_server_error(client: TestClient, field: str) -> None:
    body = {"username": "li.na", "password": "secret", field: "li\u0000na"}
    for path in (TABLET, MANAGER):
        response = client.post(path, json=body)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "invalid_input"
