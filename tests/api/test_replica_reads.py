"""Reads that may be seconds old go to a real streaming replica, and come back to the
primary when it lags, stops, or when the principal reading has just written.

The replica is a hot standby of the run's embedded primary, made with pg_basebackup
(services/platform/standby.py); its replay is paused to make lag on purpose.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from services.platform.standby import EmbeddedStandby
from services.platform.web import replica_deps
from services.platform.web.docs import api_routes
from tests import databases, factories

pytestmark = pytest.mark.xdist_group("replica")

#: The only routes that may read from the replica: reports and browsing, all GETs.
STALE_OK = (
    "/manager/v1/insights/",
    "/manager/v1/experience",
    "/manager/v1/campaigns",
    "/manager/v1/site-suggestions",
    "/mp/v1/products",
)


def _socket(url: str) -> Path:
    return Path(make_url(url).query["host"])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def standby(migrated: dict[str, str]) -> Iterator[EmbeddedStandby]:
    primary = _socket(migrated["database_url"])
    if not (primary / "PG_VERSION").exists():
        pytest.skip("a replica of an external TEST_DATABASE_URL is made by its operator")
    node = EmbeddedStandby(
        primary,
        databases.run_dir() / f"standby-{databases.worker_number()}",
        database=make_url(migrated["database_url"]).database or "postgres",
    ).start()
    try:
        yield node
    finally:
        node.remove()


def _sql(url: str, statement: str) -> object:
    address = make_url(url)
    with psycopg.connect(
        host=str(address.query["host"]), user="postgres", dbname=address.database, autocommit=True
    ) as connection:
        row = connection.execute(statement).fetchone()
    return row[0] if row else None


def _caught_up(primary: str, node: EmbeddedStandby) -> None:
    position = _sql(primary, "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        behind = _sql(node.url(), f"SELECT pg_wal_lsn_diff('{position}', pg_last_wal_replay_lsn())")
        if behind is not None and float(behind) <= 0:  # type: ignore[arg-type]
            time.sleep(1.1)  # one probe sample: the app's last measurement is now stale
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up in 20 s")


@pytest.fixture
def replica_app(
    db: dict[str, str], standby: EmbeddedStandby, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., TestClient]]:
    from tests.api.conftest import _app
    from tests.conftest import _clear_caches

    clients: list[TestClient] = []

    def start(max_lag: float = 1.0, read_your_writes: float = 2.0) -> TestClient:
        monkeypatch.setenv("O2O_DATABASE_REPLICA_URL", standby.url())
        monkeypatch.setenv("O2O_REPLICA_MAX_LAG_SECONDS", str(max_lag))
        monkeypatch.setenv("O2O_READ_YOUR_WRITES_SECONDS", str(read_your_writes))
        _clear_caches()
        client = TestClient(_app(), raise_server_exceptions=False).__enter__()
        clients.append(client)
        return client

    try:
        yield start
    finally:
        for client in clients:
            client.__exit__(None, None, None)
        _sql(standby.url(), "SELECT pg_wal_replay_resume()")
        _clear_caches()


def _product_ids(client: TestClient) -> tuple[str, set[int]]:
    answer = client.get("/mp/v1/products", params={"limit": 100})
    assert answer.status_code == 200, answer.text
    return answer.headers["x-read-from"], {item["id"] for item in answer.json()["items"]}


def test_a_stale_ok_read_is_served_by_the_replica_within_the_lag_allowed(
    db: dict[str, str], standby: EmbeddedStandby, replica_app: Callable[..., TestClient]
) -> None:
    client = replica_app(max_lag=30.0)
    first = factories.product().id
    _caught_up(db["database_url"], standby)
    assert _product_ids(client) == ("replica", {first})

    _sql(standby.url(), "SELECT pg_wal_replay_pause()")
    second = factories.product().id  # on the primary only, while replay waits
    time.sleep(1.1)
    source, seen = _product_ids(client)
    # Within 30 s of lag the replica answers, and it has not seen the new product: proof
    # that the read really came from it.
    assert (source, seen) == ("replica", {first})

    _sql(standby.url(), "SELECT pg_wal_replay_resume()")
    _caught_up(db["database_url"], standby)
    assert _product_ids(client) == ("replica", {first, second})


def test_past_the_lag_allowed_reads_go_to_the_primary_and_readyz_says_so(
    db: dict[str, str], standby: EmbeddedStandby, replica_app: Callable[..., TestClient]
) -> None:
    client = replica_app(max_lag=1.0)
    _caught_up(db["database_url"], standby)
    # This process sees the replica usable once, as a running server has, so its lag is
    # counted from a known moment. A process whose first look finds the replica behind
    # with no commit replayed since the standby started knows no lag at all (reads go to
    # the primary, /readyz shows null): what this test met once when it looked first
    # after the pause.
    deadline = time.monotonic() + 20
    while _product_ids(client)[0] != "replica":
        assert time.monotonic() < deadline, "the replica never became usable"
        time.sleep(0.2)
    _sql(standby.url(), "SELECT pg_wal_replay_pause()")
    added = factories.product().id
    time.sleep(2.5)  # past the 1 s allowed, and past one probe sample
    assert _product_ids(client) == ("primary", {added})
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["replica"]["reads"] == "primary"
    assert ready.json()["replica"]["lag_seconds"] > 1.0

    _sql(standby.url(), "SELECT pg_wal_replay_resume()")
    _caught_up(db["database_url"], standby)
    assert _product_ids(client) == ("replica", {added})
    assert client.get("/readyz").json()["replica"]["reads"] == "replica"


def test_a_principal_reads_their_own_write_and_others_keep_the_replica(
    db: dict[str, str], standby: EmbeddedStandby, replica_app: Callable[..., TestClient]
) -> None:
    client = replica_app(max_lag=30.0, read_your_writes=2.0)
    writer = factories.new_manager_headers(hq=True)
    other = factories.new_manager_headers(hq=True)
    _caught_up(db["database_url"], standby)
    wall = "/manager/v1/insights/summary"
    assert client.get(wall, headers=writer).headers["x-read-from"] == "replica"

    made = client.post(
        "/manager/v1/catalog/categories",
        headers={**writer, "Idempotency-Key": "replica-test-1"},
        json={"code": "rainwear", "name": "Rainwear"},
    )
    assert made.status_code == 201, made.text
    assert client.get(wall, headers=writer).headers["x-read-from"] == "primary"
    assert client.get(wall, headers=other).headers["x-read-from"] == "replica"
    # A refused write is no write: it moves nobody to the primary.
    refused = client.post(
        "/manager/v1/catalog/categories",
        headers={**other, "Idempotency-Key": "replica-test-2"},
        json={"code": "rainwear", "name": "Again"},
    )
    assert refused.status_code == 409
    assert client.get(wall, headers=other).headers["x-read-from"] == "replica"
    time.sleep(2.2)
    assert client.get(wall, headers=writer).headers["x-read-from"] == "replica"


def test_a_stopped_replica_leaves_the_reads_on_the_primary_until_it_is_back(
    db: dict[str, str], standby: EmbeddedStandby, replica_app: Callable[..., TestClient]
) -> None:
    client = replica_app(max_lag=5.0)
    made = factories.product().id
    _caught_up(db["database_url"], standby)
    assert _product_ids(client) == ("replica", {made})
    standby.stop()
    try:
        # At once: this process measured the replica well under a second ago, so only the
        # read's own connection finds it stopped, and the primary answers the read.
        assert _product_ids(client) == ("primary", {made})
        ready = client.get("/readyz")
        assert ready.status_code == 200, "a replica down never makes the process unready"
        assert ready.json()["replica"]["reads"] == "primary"
        assert ready.json()["replica"]["error"]
    finally:
        standby.start()
    _caught_up(db["database_url"], standby)
    assert _product_ids(client) == ("replica", {made})


def test_only_reports_and_browsing_may_read_from_the_replica() -> None:
    from tests.api.conftest import _app

    stale_ok = replica_deps.stale_ok_unit_of_work
    found = []
    for route in api_routes(_app().routes):
        calls = {d.call for d in _dependencies(route.dependant)}
        if stale_ok in calls:
            path = route.path_format or ""
            found.append(path)
            assert (route.methods or set()) <= {"GET", "HEAD"}, path
            assert path.startswith(STALE_OK), path
    assert "/manager/v1/insights/summary" in found
    assert "/mp/v1/products" in found


def _dependencies(dependant: Any) -> Iterator[Any]:
    for child in getattr(dependant, "dependencies", []):
        yield child
        yield from _dependencies(child)
