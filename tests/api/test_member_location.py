"""Address consent: geocoded outside any transaction, and limited per member (issue 9.9).

The geocoder is geopy's Nominatim with a fake adapter installed through geopy's own
seam (``geopy.geocoders.options.default_adapter_factory``), answering Nominatim JSON.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import geopy.geocoders
import pytest
from fastapi.testclient import TestClient
from geopy.adapters import BaseSyncAdapter

from tests import factories
from tests.integration.test_geocoding import NANJING_ROAD


class SlowNominatim(BaseSyncAdapter):
    """Answers once the test lets it; tells the test when a lookup has started."""

    started: ClassVar[threading.Event] = threading.Event()
    release: ClassVar[threading.Event] = threading.Event()
    calls: ClassVar[list[str]] = []

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        SlowNominatim.calls.append(url)
        SlowNominatim.started.set()
        assert SlowNominatim.release.wait(timeout=60), "the test never released the geocoder"
        return NANJING_ROAD

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise NotImplementedError


@pytest.fixture
def small_pool_client(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app with one pooled database connection and the slow geocoder."""
    from server.app import create_app
    from services.platform.db import reset_engine
    from services.platform.settings import get_settings

    SlowNominatim.started.clear()
    SlowNominatim.release.clear()
    SlowNominatim.calls.clear()
    monkeypatch.setattr(geopy.geocoders.options, "default_adapter_factory", SlowNominatim)
    for name, value in {
        "O2O_GEOCODER": "nominatim",
        "O2O_DB_POOL_SIZE": "1",
        "O2O_DB_MAX_OVERFLOW": "0",
        "O2O_DB_POOL_TIMEOUT": "5",
        "O2O_GEOCODE_LIMIT_PER_MEMBER": "2",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    reset_engine()
    try:
        with TestClient(create_app(), raise_server_exceptions=False) as client:
            yield client
    finally:
        SlowNominatim.release.set()
        monkeypatch.undo()
        get_settings.cache_clear()
        reset_engine()


def test_the_geocoder_call_holds_no_database_connection(small_pool_client: TestClient) -> None:
    client = small_pool_client
    member, other = factories.member(), factories.member()
    with ThreadPoolExecutor(1) as pool:
        consenting = pool.submit(
            client.put,
            "/mp/v1/me/location",
            json={"address": "1 Nanjing Road, Shanghai"},
            headers=factories.shopper_headers(member.id),
        )
        assert SlowNominatim.started.wait(timeout=60)
        # The lookup is under way; the only pooled connection must still be free.
        profile = client.get("/mp/v1/me", headers=factories.shopper_headers(other.id))
        assert profile.status_code == 200, profile.text
        SlowNominatim.release.set()
        stored = consenting.result(timeout=60)
    assert stored.status_code == 200, stored.text
    assert (stored.json()["home_latitude"], stored.json()["home_city"]) == (31.235, "Shanghai")


def test_address_lookups_are_limited_per_member(small_pool_client: TestClient) -> None:
    client = small_pool_client
    SlowNominatim.release.set()
    member, other = factories.member(), factories.member()

    def consent(member_id: int, address: str) -> Any:
        return client.put(
            "/mp/v1/me/location",
            json={"address": address},
            headers=factories.shopper_headers(member_id),
        )

    assert consent(member.id, "1 Nanjing Road").status_code == 200
    assert consent(member.id, "2 Nanjing Road").status_code == 200
    refused = consent(member.id, "3 Nanjing Road")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "geocode_rate_limited"
    assert len(SlowNominatim.calls) == 2  # the refused lookup never reached the geocoder
    # Coordinates need no lookup, and another member has their own allowance.
    coordinates = {"latitude": 31.2, "longitude": 121.4}
    assert (
        client.put(
            "/mp/v1/me/location", json=coordinates, headers=factories.shopper_headers(member.id)
        ).status_code
        == 200
    )
    assert consent(other.id, "3 Nanjing Road").status_code == 200
