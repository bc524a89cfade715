"""The store directory refreshes inside the caller's transaction, never on a second connection."""

from __future__ import annotations

import pytest

from services.platform.db import reset_engine
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.client import LocalStoresClient, store_directory
from tests import factories


def test_refresh_needs_no_second_connection(
    db: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = factories.store(factories.region().id)
    # A pool of one: a refresh that checked out a second connection would time out.
    monkeypatch.setenv("O2O_DB_POOL_SIZE", "1")
    monkeypatch.setenv("O2O_DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("O2O_DB_POOL_TIMEOUT", "2")
    get_settings.cache_clear()
    reset_engine()
    store_directory.cache_clear()
    try:
        with UnitOfWork() as uow:
            uow.session.connection()  # this request already holds the only connection
            client = LocalStoresClient(uow.session)
            assert client.open_store(store.id) is not None  # first load
            store_directory().invalidate()
            assert client.open_store(store.id) is not None  # a refresh
            near = client.nearby(31.23, 121.47, radius_km=5, limit=5)
            assert [s.id for s in near] == [store.id]
    finally:
        get_settings.cache_clear()
        reset_engine()
