"""touchpoints.record_scan, the scan in one call: what it writes, what it refuses, whose day.

The race (twenty phones, one check-in) is test_checkin_race.py; these pin the rest of
what the one call decided in several statements before: refusals write nothing, an
anonymous entrance scan opens no visit, a repeat joins the visit and earns nothing, and
the day's visit points are counted in the store's local date.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from services.members.models import PointsEntry
from services.platform.errors import Forbidden
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.touchpoints import scanning
from services.touchpoints.models import Scan
from services.touchpoints.schemas import ScanCreate
from stores.models import CheckIn
from tests import factories
from tests.aio import together


def _scan(token: str, member_id: int | None, at: datetime, device: str = "device-0001") -> object:
    async def work(i: int, connection, redis) -> dict:
        result = await scanning.scan(
            connection=connection,
            redis=redis,
            settings=get_settings(),
            data=ScanCreate(token=token, device_id=device),
            member_id=member_id,
            client_ip="10.1.0.1",
            now=at,
        )
        return result.model_dump(mode="json")

    return together(1, work)[0]


def _count(model: type, **where: object) -> int:
    with UnitOfWork() as uow:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(uow.session.scalar(query) or 0)


def test_points_are_for_the_store_local_day_and_a_repeat_joins_the_visit(db) -> None:
    region = factories.region()
    store = factories.store(region.id, timezone="America/Los_Angeles")
    door = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    member = factories.member()
    # 05:00 UTC on March 1st is still February 28th in Los Angeles.
    at = datetime(2026, 3, 1, 5, 0, tzinfo=UTC)

    first = _scan(factories.qr_token(door.id), member.id, at)
    again = _scan(factories.qr_token(door.id), member.id, at, device="device-0002")

    assert isinstance(first, dict) and isinstance(again, dict)
    assert first["action"] == "check_in" and first["check_in"]["new"] is True
    assert first["check_in"]["scan_id"] == first["scan_id"]
    assert first["check_in"]["checked_in_at"].startswith("2026-03-01T05:00:00")
    assert first["points_awarded"] == get_settings().checkin_points
    assert again["check_in"]["new"] is False and again["points_awarded"] == 0
    # The repeat names the visit it joined: its first scan, not itself.
    assert again["check_in"]["id"] == first["check_in"]["id"]
    assert again["check_in"]["scan_id"] == first["scan_id"] != again["scan_id"]
    with UnitOfWork() as uow:
        entries = uow.session.execute(
            select(PointsEntry.source, PointsEntry.reason).where(
                PointsEntry.member_id == member.id, PointsEntry.source.startswith("check-in")
            )
        ).all()
    assert [tuple(e) for e in entries] == [("check-in:2026-02-28", f"visit to {store.name}")]
    assert _count(CheckIn, member_id=member.id) == 1
    assert _count(Scan, member_id=member.id) == 2


def test_a_withdrawn_code_writes_nothing_and_an_anonymous_scan_opens_no_visit(db) -> None:
    region = factories.region()
    store = factories.store(region.id)
    door = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    closed = factories.touchpoint(
        "store_entrance", region_id=region.id, store_id=store.id, active=False
    )
    member = factories.member()
    at = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)

    refused = _scan(factories.qr_token(closed.id), member.id, at)
    anonymous = _scan(factories.qr_token(door.id), None, at)

    assert isinstance(refused, Forbidden) and refused.code == "qr_revoked"
    assert _count(Scan, touchpoint_id=closed.id) == 0
    assert _count(CheckIn, member_id=member.id) == 0
    assert isinstance(anonymous, dict)
    assert anonymous["action"] == "login_to_check_in" and anonymous["check_in"] is None
    assert anonymous["points_awarded"] == 0
    assert _count(Scan, touchpoint_id=door.id) == 1
    assert _count(CheckIn, store_id=store.id) == 0


def test_a_token_of_an_old_version_is_refused(db) -> None:
    from services.touchpoints import service, tokens

    region = factories.region()
    store = factories.store(region.id)
    door = factories.touchpoint(
        "store_entrance", region_id=region.id, store_id=store.id, token_version=2
    )
    settings = get_settings()
    key_id = settings.qr_active_key_id
    old = tokens.sign(
        touchpoint_id=door.id, version=1, key_id=key_id, key=service.signing_keys(settings)[key_id]
    )
    refused = _scan(old, None, datetime.now(UTC))
    assert isinstance(refused, Forbidden) and refused.code == "qr_revoked"
    assert _count(Scan, touchpoint_id=door.id) == 0
