"""Address -> coordinates through a geopy geocoder chosen in settings, cached in Redis.

Answers (found or not) are cached by normalised address so a popular address
costs one upstream call per cache period, and a public geocoder's usage
policy (about one request a second) is respected.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import structlog
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

from services.platform.errors import InvalidInput, Unavailable
from services.platform.settings import Settings

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    city: str | None


def geocoder_for(settings: Settings, **options: Any) -> Any | None:
    """The configured geopy geocoder, or None when geocoding is switched off."""
    if settings.geocoder == "nominatim":
        return Nominatim(user_agent=settings.geocoder_user_agent, timeout=5, **options)
    return None


def _cache_key(address: str) -> str:
    normalised = " ".join(address.lower().split())
    return "geocode:" + hashlib.sha256(normalised.encode()).hexdigest()


def geocode(address: str, *, geocoder: Any | None, redis: Any, ttl_seconds: int) -> Place:
    """Where ``address`` is; InvalidInput when nowhere, Unavailable when we cannot ask."""
    if geocoder is None:
        raise InvalidInput(
            "addresses cannot be looked up here; send latitude and longitude",
            code="geocoding_disabled",
        )
    key = _cache_key(address)
    cached = redis.get(key)
    if cached is not None:
        found = json.loads(cached)
    else:
        try:
            location = geocoder.geocode(address, addressdetails=True, exactly_one=True)
        except GeopyError as exc:
            log.warning("geocoder_failed", error=repr(exc))
            raise Unavailable(
                "the address lookup is unavailable", code="geocoder_unavailable"
            ) from exc
        found = None if location is None else _place_dict(location)
        if ttl_seconds:
            redis.set(key, json.dumps(found), ex=ttl_seconds)
    if found is None:
        raise InvalidInput("that address could not be found", code="address_not_found")
    return Place(**found)


def _place_dict(location: Any) -> dict[str, Any]:
    details = (location.raw or {}).get("address") or {}
    city = details.get("city") or details.get("town") or details.get("county")
    return {"latitude": location.latitude, "longitude": location.longitude, "city": city}
