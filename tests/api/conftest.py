"""HTTP tests go through the real app (routing, validation, error handlers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def client(db: dict[str, str]) -> Iterator[TestClient]:
    from server.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client
