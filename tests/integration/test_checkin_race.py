"""Twenty phones of one member scanning one door at once make exactly one check-in."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from sqlalchemy import func, select

from services.members.models import Member, PointsEntry
from services.platform.cache import get_redis
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.touchpoints import scanning
from services.touchpoints.models import Scan
from services.touchpoints.schemas import ScanCreate
from stores.models import CheckIn
from tests import factories

SCANNERS = 20
ROUNDS = 4


def _scan(token: str, member_id: int, device: str) -> dict:
    with UnitOfWork() as uow:
        result = scanning.scan(
            session=uow.session,
            redis=get_redis(),
            settings=get_settings(),
            data=ScanCreate(token=token, device_id=device),
            member_id=member_id,
            now=utcnow(),
        )
        uow.commit()
    return result.model_dump()


def _door_scan(token: str, member_id: int, round_: int, i: int) -> dict:
    return _scan(token, member_id, f"device-{round_}-{i:04d}")


def _together(n: int, work: Callable[[int], dict]) -> list[dict | BaseException]:
    """Run ``work(i)`` in ``n`` threads released at the same instant by a barrier."""
    barrier = threading.Barrier(n)
    results: list[dict | BaseException] = [RuntimeError("not run")] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # surfaced by the caller's asserts
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_simultaneous_door_scans_give_one_check_in_and_one_points_entry(db) -> None:
    region = factories.region()
    store = factories.store(region.id)
    door = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    token = factories.qr_token(door.id)
    for round_ in range(ROUNDS):
        member = factories.member()
        results = _together(SCANNERS, partial(_door_scan, token, member.id, round_))

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
