"""HTTP tests go through the real app (routing, validation, error handlers)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests import answers_check

#: Apps built so far, by the O2O_* settings they were built under.
_APPS: dict[tuple[tuple[str, str], ...], FastAPI] = {}


def _app() -> FastAPI:
    """The app for the current settings, built once per distinct set of them.

    Building one analyses every route's dependencies (a second of CPU, more than most
    tests take), and nothing a test may change lives in it: each ``TestClient`` runs the
    lifespan again (fresh pools on the test's database), settings are read per request,
    and what create_app itself reads (logging, body limits) is part of the key.
    """
    from server.app import create_app

    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("O2O_")))
    app = _APPS.get(key)
    if app is None:
        app = _APPS[key] = create_app()
        app.add_middleware(answers_check.ErrorRecorder)
        if not answers_check.DOCUMENT:
            answers_check.DOCUMENT.update(app.openapi())
    return app


@pytest.fixture
def client(db: dict[str, str]) -> Iterator[TestClient]:
    app = _app()
    try:
        with TestClient(app, raise_server_exceptions=False) as test_client:
            yield test_client
    finally:
        app.dependency_overrides.clear()


@pytest.fixture
def live_url(db: dict[str, str]) -> Iterator[str]:
    """The app on a loopback port (uvicorn in a thread), for browsers and generated clients."""
    from tests.live import serve

    with serve() as url:
        yield url
