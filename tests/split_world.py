"""What tests/integration/test_split_up.py sells, scans, books and messages, and how it
counts the outcome by direct SQL (each a function of the demo brand's copy)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text

from services.campaigns import service as campaigns
from services.campaigns.schemas import CampaignCreate
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from tests import factories

#: Far from every demo member, so the campaign's audience is only the members made here.
CAMPAIGN_SPOT = (29.65, 91.13)


@dataclass(frozen=True)
class World:
    store: int
    sku: int
    buyers: list[int]
    scanners: list[int]
    bookers: list[int]
    qr: str
    guide: int
    service: int
    first_day: date
    campaign: int
    appointments_before: int


def _one(statement: str, **params: object) -> tuple:
    with UnitOfWork() as uow:
        return tuple(uow.session.execute(text(statement), params).one())


def _scalars(statement: str, **params: object) -> list:
    with UnitOfWork() as uow:
        return list(uow.session.scalars(text(statement), params))


def make() -> World:
    """A pickup store with 200 units of a SKU just delivered and 150 buyers; its door's QR
    and 12 fresh members to scan it; 12 to book its busiest service; a campaign of 40
    consenting neighbours of a planned store, ready to launch."""
    from inventory import ledger

    store, location, sku, region = _one(
        "SELECT l.store_id, l.id, s.sku_id, t.region_id FROM inventory.stock s"
        " JOIN inventory.locations l ON l.id = s.location_id"
        " JOIN inventory.skus k ON k.id = s.sku_id AND k.active"
        " JOIN inventory.products p ON p.id = k.product_id AND p.active"
        " JOIN stores.stores t ON t.id = l.store_id"
        " WHERE t.status = 'open' AND t.pickup_enabled"
        " ORDER BY l.store_id, s.sku_id LIMIT 1"
    )
    with UnitOfWork() as uow:
        ledger.move(
            session=uow.session,
            location_id=location,
            changes={sku: 200},
            kind="receipt",
            source_type="delivery",
            source_id="SPLIT-TEST",
        )
        uow.commit()
    buyers = _scalars(
        "SELECT id FROM members.members WHERE erased_at IS NULL ORDER BY id LIMIT 150"
    )
    (guide,) = _one("SELECT id FROM stores.guides WHERE store_id = :s ORDER BY id LIMIT 1", s=store)
    door = factories.touchpoint("store_entrance", region_id=region, store_id=store)
    # The store with the most guides offering one service: bookers race for its slots.
    service, _guides = _one(
        "SELECT a.id, count(*) FROM stores.appointment_services a"
        " JOIN stores.guide_services g ON g.service_id = a.id"
        " JOIN stores.stores t ON t.id = a.store_id AND t.status = 'open'"
        " WHERE a.active GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1"
    )
    (appointments_before,) = _one("SELECT coalesce(max(id), 0) FROM stores.appointments")
    return World(
        store=store,
        sku=sku,
        buyers=buyers,
        scanners=[factories.member().id for _ in range(12)],
        bookers=[factories.member().id for _ in range(12)],
        qr=factories.qr_token(door.id),
        guide=guide,
        service=service,
        first_day=(utcnow() + timedelta(days=1)).date(),
        campaign=_campaign(40),
        appointments_before=appointments_before,
    )


def _campaign(members: int) -> int:
    lat, lon = CAMPAIGN_SPOT
    region = factories.region()
    store = factories.store(region.id, latitude=lat, longitude=lon, status="planned")
    now = utcnow()
    for i in range(members):
        factories.member(
            home_latitude=lat + 0.0005 * (i % 10),
            home_longitude=lon + 0.0005 * (i // 10),
            location_consent_at=now,
        )
    data = CampaignCreate(
        name="Split opening",
        store_id=store.id,
        audience="near_store",
        radius_km=3.0,
        control_percent=20,
        seed=5,
        message="We open next door!",
    )
    with UnitOfWork() as uow:
        created = campaigns.create(
            session=uow.session,
            data=data,
            region_ids=None,
            manager_id=None,
            settings=get_settings(),
            now=now,
        )
        uow.commit()
    assert created.treated + created.control == members, "demo members live near the spot"
    return created.id


def store_of_service(service: int) -> int:
    return int(_one("SELECT store_id FROM stores.appointment_services WHERE id = :s", s=service)[0])


def counted(store: int) -> tuple[int, int]:
    """The store's paid orders on the wall, and by direct SQL."""
    wall, direct = _one(
        "SELECT (SELECT coalesce(sum(orders), 0) FROM insights.figures_store WHERE store_id = :s),"
        " (SELECT count(*) FROM orders.orders WHERE store_id = :s AND paid_at IS NOT NULL)",
        s=store,
    )
    return int(wall), int(direct)


def order_states(numbers: list[str]) -> dict[str, str]:
    with UnitOfWork() as uow:
        return dict(
            uow.session.execute(
                text("SELECT number, status FROM orders.orders WHERE number = ANY(:n)"),
                {"n": numbers},
            ).all()
        )


def stock(store: int, sku: int) -> tuple[int, int]:
    on_hand, reserved = _one(
        "SELECT s.on_hand, s.reserved FROM inventory.stock s"
        " JOIN inventory.locations l ON l.id = s.location_id"
        " WHERE l.store_id = :store AND s.sku_id = :sku",
        store=store,
        sku=sku,
    )
    return int(on_hand), int(reserved)


def check_ins(store: int, members: list[int]) -> Counter[int]:
    """Check-ins at ``store`` by member (one visit each, however often they scanned)."""
    return Counter(
        _scalars(
            "SELECT member_id FROM stores.check_ins WHERE store_id = :s AND member_id = ANY(:m)",
            s=store,
            m=members,
        )
    )


def overlapping_bookings(after: int) -> int:
    """Pairs of live appointments made here whose guide is blocked twice at once."""
    (pairs,) = _one(
        "SELECT count(*) FROM stores.appointments a JOIN stores.appointments b"
        " ON a.guide_id = b.guide_id AND a.id < b.id"
        " AND a.blocked_from < b.blocked_until AND b.blocked_from < a.blocked_until"
        " WHERE b.id > :after AND a.status IN ('booked', 'checked_in')"
        " AND b.status IN ('booked', 'checked_in')",
        after=after,
    )
    return int(pairs)


def booking_notices(appointments: list[int]) -> Counter[int]:
    """Booking confirmations in the delivery log, by appointment (its start is in the key)."""
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            text(
                "SELECT a.id, count(d.id) FROM unnest(CAST(:ids AS bigint[])) a(id)"
                " LEFT JOIN notifications.deliveries d"
                " ON d.dedupe_key LIKE 'appointment_booked-' || a.id || '-%'"
                " GROUP BY a.id"
            ),
            {"ids": appointments},
        ).all()
    return Counter({int(i): int(n) for i, n in rows})


def booked(after: int, members: list[int]) -> list[tuple[int, int, str]]:
    """(appointment, member, start) of the appointments made here."""
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            text(
                "SELECT id, member_id, starts_at FROM stores.appointments"
                " WHERE id > :after AND member_id = ANY(:m)"
            ),
            {"after": after, "m": members},
        ).all()
    return [(i, m, s.isoformat()) for i, m, s in rows]


def deliveries(keys: list[str]) -> Counter[str]:
    """Delivery-log rows by dedupe key, for ``keys`` (sent, or skipped by the member's
    choice: each occasion is decided once)."""
    return Counter(
        _scalars(
            "SELECT dedupe_key FROM notifications.deliveries WHERE dedupe_key = ANY(:k)",
            k=keys,
        )
    )


def campaign_left(campaign: int) -> tuple[str, list[str]]:
    """The campaign's status and the dedupe keys of its treated arm's messages."""
    (status,) = _one("SELECT status FROM campaigns.campaigns WHERE id = :c", c=campaign)
    treated = _scalars(
        "SELECT member_id FROM campaigns.campaign_members WHERE campaign_id = :c"
        " AND arm = 'treated'",
        c=campaign,
    )
    return status, [f"campaign:{campaign}:member:{m}" for m in treated]


def unrelayed() -> int:
    (left,) = _one("SELECT count(*) FROM platform.outbox WHERE published_at IS NULL")
    return int(left)


PAID_NOTICE = re.compile(r"New pickup order (\S+) to prepare")
