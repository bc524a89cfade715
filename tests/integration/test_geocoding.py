"""Address consent through geopy's own seam (a fake adapter answering Nominatim JSON), cached."""

from __future__ import annotations

from typing import Any

import pytest
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError

from server.manifests import Settings
from services.members.geocoding import geocode, geocoder_for
from services.platform.cache import get_redis
from services.platform.errors import InvalidInput, Unavailable

NANJING_ROAD = [
    {
        "place_id": 1,
        "lat": "31.2350",
        "lon": "121.4747",
        "display_name": "Nanjing Road, Huangpu, Shanghai, China",
        "address": {"road": "Nanjing Road", "city": "Shanghai", "country_code": "cn"},
    }
]


class FakeNominatim(BaseSyncAdapter):
    """Answers like the geocoding service would; counts calls."""

    calls: list[str] = []
    answer: Any = NANJING_ROAD
    failure: Exception | None = None

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        FakeNominatim.calls.append(url)
        if FakeNominatim.failure is not None:
            raise FakeNominatim.failure
        return FakeNominatim.answer

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise NotImplementedError


@pytest.fixture
def geocoder(db):
    FakeNominatim.calls, FakeNominatim.answer, FakeNominatim.failure = [], NANJING_ROAD, None
    return geocoder_for(Settings(geocoder="nominatim"), adapter_factory=FakeNominatim)


def test_an_address_is_geocoded_once_then_cached(geocoder) -> None:
    place = geocode(
        "1 Nanjing Road, Shanghai", geocoder=geocoder, redis=get_redis(), ttl_seconds=60
    )
    assert (place.latitude, place.longitude, place.city) == (31.235, 121.4747, "Shanghai")
    again = geocode(
        "  1 nanjing road,  SHANGHAI ", geocoder=geocoder, redis=get_redis(), ttl_seconds=60
    )
    assert again == place
    assert len(FakeNominatim.calls) == 1
    assert "Nanjing" in FakeNominatim.calls[0]


def test_an_unknown_address_is_refused_and_the_miss_is_cached(geocoder) -> None:
    FakeNominatim.answer = []
    for _ in range(2):
        with pytest.raises(InvalidInput):
            geocode("nowhere at all", geocoder=geocoder, redis=get_redis(), ttl_seconds=60)
    assert len(FakeNominatim.calls) == 1


def test_a_failing_geocoder_is_unavailable_and_not_cached(geocoder) -> None:
    FakeNominatim.failure = GeocoderServiceError("down")
    with pytest.raises(Unavailable):
        geocode("1 Nanjing Road", geocoder=geocoder, redis=get_redis(), ttl_seconds=60)
    FakeNominatim.failure = None
    assert (
        geocode("1 Nanjing Road", geocoder=geocoder, redis=get_redis(), ttl_seconds=60).city
        == "Shanghai"
    )


def test_consent_by_address_through_the_api(db, monkeypatch) -> None:
    from fastapi.testclient import TestClient
    from geopy.geocoders import options

    from server.app import create_app
    from services.platform.settings import get_settings
    from tests import factories

    FakeNominatim.calls, FakeNominatim.answer, FakeNominatim.failure = [], NANJING_ROAD, None
    monkeypatch.setattr(options, "default_adapter_factory", FakeNominatim)
    monkeypatch.setenv("O2O_GEOCODER", "nominatim")
    get_settings.cache_clear()
    member = factories.member()
    with TestClient(create_app()) as client:
        response = client.put(
            "/mp/v1/me/location",
            json={"address": "1 Nanjing Road, Shanghai"},
            headers=factories.shopper_headers(member.id),
        )
    get_settings.cache_clear()
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["home_latitude"], body["home_longitude"], body["home_city"]) == (
        31.235,
        121.4747,
        "Shanghai",
    )
    assert body["location_consent_at"] is not None
