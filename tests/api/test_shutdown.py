"""Shutdown is bounded: a connection left checked out never holds the app open.

asyncpg's ``Pool.close`` waits for every connection to come back; one that never does
(a cancel landing in its release) once hung a test's teardown past its time limit.
"""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

import server.app
from tests.api.conftest import _app


def test_a_connection_left_out_does_not_hang_shutdown(
    db: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server.app, "_SHUTDOWN_GRACE_SECONDS", 0.5)
    app = _app()
    client = TestClient(app)
    client.__enter__()
    # Checked out on the app's own loop and never released, as a lost release would leave it.
    client.portal.call(app.state.db_pool.acquire)  # type: ignore[union-attr]
    started = time.monotonic()
    client.__exit__(None, None, None)
    assert time.monotonic() - started < 5
    assert app.state.db_pool._closed  # terminated, not left open
