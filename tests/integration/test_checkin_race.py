"""Twenty phones of one member scanning one door at once make exactly one check-in."""

from __future__ import annotations

from functools import partial

from redis.asyncio import Redis as AsyncRedis
from sqlalchemy import func, select

from services.members.models import Member, PointsEntry
from services.platform.adb import Connection
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.touchpoints import scanning
from services.touchpoints.models import Scan
from services.touchpoints.schemas import ScanCreate
from stores.models import CheckIn
from tests import factories
from tests.aio import together

SCANNERS = 20
ROUNDS = 4


async def _door_scan(
    token: str, member_id: int, round_: int, i: int, connection: Connection, redis: AsyncRedis
) -> dict:
    result = await scanning.scan(
        connection=connection,
        redis=redis,
        settings=get_settings(),
        data=ScanCreate(token=token, device_id=f"device-{round_}-{i:04d}"),
        member_id=member_id,
        client_ip=f"10.0.{round_}.{i}",
        now=utcnow(),
    )
    return result.model_dump()


def test_simultaneous_door_scans_give_one_check_in_and_one_points_entry(db) -> None:
    region = factories.region()
    store = factories.store(region.id)
    door = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    token = factories.qr_token(door.id)
    for round_ in range(ROUNDS):
        member = factories.member()
        results = together(SCANNERS, partial(_door_scan, token, member.id, round_))

        failures = [r for r in results if isinstance(r, BaseException)]
        assert failures == []
        answers = [r for r in results if isinstance(r, dict)]
        assert sum(1 for a in answers if a["check_in"]["new"]) == 1
        assert len({a["check_in"]["id"] for a in answers}) == 1
        assert sum(a["points_awarded"] for a in answers) == get_settings().checkin_points
        with UnitOfWork() as uow:
            s = uow.session
            assert s.scalar(select(func.count()).where(CheckIn.member_id == member.id)) == 1
            assert s.scalar(select(func.count()).where(Scan.member_id == member.id)) == SCANNERS
            assert s.scalar(select(func.count()).where(PointsEntry.member_id == member.id)) == 1
            row = s.get(Member, member.id)
            assert row is not None and row.points == get_settings().checkin_points


def test_a_scan_after_the_window_opens_a_new_visit(db) -> None:
    from datetime import timedelta

    from stores.client import LocalStoresClient

    region = factories.region()
    store, other = factories.store(region.id), factories.store(region.id)
    member = factories.member()
    window = timedelta(minutes=120)
    start = utcnow()

    def visit(store_id: int, minutes: int) -> tuple[int, bool]:
        with UnitOfWork() as uow:
            result = LocalStoresClient(uow.session).check_in(
                store_id=store_id,
                member_id=member.id,
                at=start + timedelta(minutes=minutes),
                window=window,
            )
            uow.commit()
        return result.check_in.id, result.created

    first, created = visit(store.id, 0)
    assert created
    assert visit(store.id, 119) == (first, False)
    assert visit(other.id, 30)[1] is True  # another store is another visit
    second, created = visit(store.id, 121)
    assert created and second != first
    assert visit(store.id, 200) == (second, False)
