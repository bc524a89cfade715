"""Profile updates (allow-listed fields only) and location consent."""

from __future__ import annotations

from functools import partial

import anyio.to_thread
from redis.asyncio import Redis as AsyncRedis
from sqlalchemy.orm import Session

from services.members import consents
from services.members.geocoding import Place, geocode, geocoder_for
from services.members.models import Member
from services.members.schemas import LocationConsent, MemberProfile, MemberUpdate
from services.platform import ratelimit
from services.platform.cache import get_redis
from services.platform.db import utcnow
from services.platform.errors import NotFound
from services.platform.settings import Settings


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.erased_at is not None:
        raise NotFound(f"member {member_id} does not exist", code="member_not_found")
    return member


def get_profile(*, session: Session, member_id: int) -> MemberProfile:
    return MemberProfile.model_validate(_member(session, member_id))


def update_profile(*, session: Session, member_id: int, changes: MemberUpdate) -> MemberProfile:
    """Apply only the fields the schema allows and the caller actually sent."""
    member = _member(session, member_id)
    before = consents.granted(member)
    for field, value in changes.model_dump(exclude_unset=True).items():
        if field == "care_opt_out" and value is None:
            continue
        setattr(member, field, value)
    consents.record_changes(
        session,
        member_id=member_id,
        before=before,
        after=consents.granted(member),
        source="profile",
    )
    session.flush()
    return MemberProfile.model_validate(member)


async def locate(
    *, member_id: int, consent: LocationConsent, settings: Settings, redis: AsyncRedis
) -> Place:
    """Where the consented location is: the coordinates sent, or the address geocoded.

    Called before any transaction: a geocoder call takes up to 5 s, and a pooled
    database connection held that long by a few dozen members empties the pool.
    Each member's address lookups are limited (the public geocoder's quota is shared).
    """
    if consent.address is None:
        assert consent.latitude is not None and consent.longitude is not None
        return Place(latitude=consent.latitude, longitude=consent.longitude, city=None)
    await ratelimit.enforce(
        redis,
        [(f"member:{member_id}", settings.geocode_limit_per_member)],
        scope="geocode",
        window_seconds=3600,
        code="geocode_rate_limited",
        message="too many address lookups; send coordinates or try again later",
    )
    return await anyio.to_thread.run_sync(
        partial(
            geocode,
            consent.address,
            geocoder=geocoder_for(settings),
            redis=get_redis(),
            ttl_seconds=settings.geocode_cache_seconds,
        )
    )


def consent_location(
    *, session: Session, member_id: int, consent: LocationConsent, place: Place
) -> MemberProfile:
    """Store the home location the member consented to, found beforehand by ``locate``."""
    member = _member(session, member_id)
    consents.record(
        session, member_id=member_id, purpose="home_location", granted=True, source="location"
    )
    member.location_consent_at = utcnow()
    member.home_latitude = place.latitude
    member.home_longitude = place.longitude
    city = consent.city or place.city
    member.home_city = city[:100] if city else None  # a geocoder's city name may run long
    session.flush()
    return MemberProfile.model_validate(member)


def withdraw_location(*, session: Session, member_id: int) -> MemberProfile:
    """Withdrawing consent erases the stored location, not just the flag."""
    member = _member(session, member_id)
    if member.location_consent_at is not None:
        consents.record(
            session, member_id=member_id, purpose="home_location", granted=False, source="location"
        )
    consents.erase_location(member)
    session.flush()
    return MemberProfile.model_validate(member)
