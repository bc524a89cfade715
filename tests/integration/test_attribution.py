"""Last-touch attribution of orders and visits, and the per-touchpoint report."""

from __future__ import annotations

from datetime import timedelta

from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from services.touchpoints.client import LocalTouchpointsClient
from services.touchpoints.models import Scan
from services.touchpoints.schemas import TouchEvent
from tests import factories


def _scan(
    touchpoint_id: int, member_id: int | None, ago: timedelta, device: str = "dev-00001"
) -> None:
    with UnitOfWork() as uow:
        uow.session.add(
            Scan(
                touchpoint_id=touchpoint_id,
                member_id=member_id,
                device_id=device,
                via="scene",
                action="campaign",
                scanned_at=utcnow() - ago,
            )
        )
        uow.commit()


def test_the_last_touch_inside_the_window_gets_the_credit(db) -> None:
    region = factories.region()
    store = factories.store(region.id)
    poster = factories.touchpoint("poster", region_id=region.id)
    shelf_product = factories.product()
    shelf = factories.touchpoint(
        "shelf", region_id=region.id, store_id=store.id, product_id=shelf_product.id
    )
    member = factories.member()
    _scan(poster.id, member.id, timedelta(days=3))
    _scan(shelf.id, member.id, timedelta(hours=1))
    with UnitOfWork() as uow:
        client = LocalTouchpointsClient(uow.session)
        now = utcnow()
        touch = client.last_touch(member.id, now)
        assert touch is not None and touch.touchpoint_id == shelf.id and touch.store_id == store.id
        earlier = client.last_touch(member.id, now - timedelta(hours=2))
        assert earlier is not None and earlier.touchpoint_id == poster.id
        assert client.last_touch(member.id, now - timedelta(days=11)) is None
        assert client.last_touch(factories.member().id, now) is None


def test_the_report_credits_orders_and_visits_per_touchpoint(db) -> None:
    region = factories.region()
    store = factories.store(region.id)
    door = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    poster = factories.touchpoint("poster", region_id=region.id)
    alice, bob = factories.member(), factories.member()
    _scan(poster.id, alice.id, timedelta(days=2))
    _scan(door.id, alice.id, timedelta(days=1))  # the visit itself
    _scan(poster.id, None, timedelta(hours=5), device="anon-0001")
    now = utcnow()
    visits = [TouchEvent(member_id=alice.id, at=now - timedelta(days=1))]
    orders = [
        TouchEvent(member_id=alice.id, at=now),  # last touch: the door
        TouchEvent(member_id=bob.id, at=now),  # never scanned: nobody credited
    ]
    with UnitOfWork() as uow:
        report = LocalTouchpointsClient(uow.session).performance(
            start=now - timedelta(days=7),
            end=now + timedelta(seconds=1),
            check_ins=visits,
            orders=orders,
        )
    rows = {r.touchpoint_id: (r.scans, r.scanning_members, r.check_ins, r.orders) for r in report}
    assert rows == {poster.id: (2, 1, 1, 0), door.id: (1, 1, 0, 1)}


def test_anonymous_scans_join_the_member_on_login_from_that_device(db) -> None:
    region = factories.region()
    poster = factories.touchpoint("poster", region_id=region.id)
    member = factories.member()
    _scan(poster.id, None, timedelta(hours=3), device="phone-a-01")
    _scan(poster.id, None, timedelta(days=30), device="phone-a-01")  # too old to count
    _scan(poster.id, None, timedelta(hours=1), device="phone-b-01")
    with UnitOfWork() as uow:
        joined = LocalTouchpointsClient(uow.session).join_device_scans(
            member_id=member.id, device_id="phone-a-01", since=utcnow() - timedelta(days=7)
        )
        uow.commit()
    assert joined == 1
    with UnitOfWork() as uow:
        touch = LocalTouchpointsClient(uow.session).last_touch(member.id, utcnow())
        assert touch is not None and touch.touchpoint_id == poster.id
