"""HTTP tests go through the real app (routing, validation, error handlers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests import answers_check


@pytest.fixture
def client(db: dict[str, str]) -> Iterator[TestClient]:
    from server.app import create_app

    app = create_app()
    app.add_middleware(answers_check.ErrorRecorder)
    if not answers_check.DOCUMENT:
        answers_check.DOCUMENT.update(app.openapi())
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def live_url(db: dict[str, str]) -> Iterator[str]:
    """The app on a loopback port (uvicorn in a thread), for browsers and generated clients."""
    from tests.live import serve

    with serve() as url:
        yield url
