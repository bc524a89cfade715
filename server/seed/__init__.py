"""Deterministic demo data: a plausible outdoor-apparel brand trading across China."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from rich.console import Console
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from inventory import ledger
from inventory.models import Category, Location, PriceChange, Product, Sku
from server.seed.appointment_history import seed_past_appointments
from server.seed.appointments import seed_appointments
from server.seed.campaigns import seed_campaign
from server.seed.cases import seed_cases
from server.seed.catalog import CATEGORY_NAMES, demo_catalog
from server.seed.clock import seed_anchor
from server.seed.coupons import demo_shopper, seed_coupons
from server.seed.experience import seed_experience
from server.seed.geography import REGIONS, STREETS, jitter, region_area, store_sites
from server.seed.history import seed_history
from server.seed.people import DEMO_PASSWORD, MEMBER_COLUMNS, member_rows, person_name
from server.seed.sales import DEMO_GUIDE, seed_sales
from server.seed.siting import seed_site_suggestion
from server.seed.tablet import seed_notes
from server.seed.touchpoints import seed_shelf_codes, seed_touchpoints
from server.seed.transfers import seed_transfers
from server.wiring import wire
from services.insights.rebuild import rebuild
from services.members import points
from services.platform import publishing
from services.platform.auth import hash_password
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.recommendations.training import train
from stores.models import Guide, Manager, ManagerRegion, OpeningHours, Region, Store

STORE_COUNT = 64
#: The demo campaign ran this long before the seed's day: finished, its visits all past.
CAMPAIGN_DAYS_AGO = 21


def demo_logins() -> list[str]:
    """The staff logins to print at start-up."""
    return [
        f"manager  hq / {DEMO_PASSWORD}   (all regions)",
        f"manager  manager-east / {DEMO_PASSWORD}   (one region; also -north, -south, -west)",
        f"guide    sha-01-g1 / {DEMO_PASSWORD}   (Shanghai store SHA-01)",
    ]


class DemoSeedRefused(RuntimeError):
    """The demo brand's staff all share one published password: never in production."""

    message = (
        "refusing to seed demo data in production: its staff accounts share the published "
        f"password {DEMO_PASSWORD!r}"
    )


def seed_demo(
    *,
    seed: int,
    members: int,
    force: bool = False,
    console: Console | None = None,
    now: datetime | None = None,
) -> bool:
    """Seed an empty database as of ``now``'s day; returns False when stores already exist."""
    if get_settings().environment == "production":
        raise DemoSeedRefused(DemoSeedRefused.message)
    wire()  # the seed holds try-on items (stores' port to inventory)
    console = console or Console(stderr=True)
    with UnitOfWork() as uow:
        session = uow.session
        if not force and session.scalar(select(func.count(Store.id))):
            return False
        rng = random.Random(seed)
        anchor = seed_anchor(now)
        # A bulk load: nothing is published; the readers rebuild from public views below.
        session.execute(text(publishing.SUPPRESS))
        # One argon2 hash for the shared demo password: hashing 300 staff one by one
        # would add ~15 s to the first start for no security gain on demo data.
        password_hash = hash_password(DEMO_PASSWORD)
        regions = _regions(session, password_hash)
        stores = _stores(session, rng, regions, password_hash)
        skus = _catalog(session, rng, anchor)
        _stock(session, rng, stores, skus)
        _members(session, rng, members, anchor)
        _demo_shopper(session, anchor)
        codes = seed_touchpoints(session, rng, regions)
        # Later additions draw from their own generators: every row seeded before them
        # stays as it was.
        codes += seed_shelf_codes(session, random.Random(seed + 4))
        booked = seed_appointments(session, rng, anchor=anchor, now=now)
        notes = seed_notes(session, rng)
        booked += seed_past_appointments(
            session, random.Random(seed + 5), anchor=anchor, demo_guide=DEMO_GUIDE
        )
        coupons = seed_coupons(session, regions, anchor)
        shipped = seed_transfers(session, rng, skus)
        # Its own draws, so adding it left every other seeded row as it was.
        launched = anchor - timedelta(days=CAMPAIGN_DAYS_AGO)
        reached = seed_campaign(session, random.Random(seed + 2), regions["east"], launched)
        history = seed_history(session, seed=seed, demo_guide=DEMO_GUIDE, anchor=anchor)
        uow.commit()
    # Through the real placement and counter payment, which commit on their own connection.
    sales = seed_sales(random.Random(seed + 1))  # its own draws: the others' stay as they were
    cases = seed_cases()  # on the sales just made: a complaint names one of them
    # After the members commit: the job reads them as a manager's would.
    suggestion = seed_site_suggestion(regions["east"])
    with UnitOfWork() as uow:
        moments, answers = seed_experience(
            uow.session, random.Random(seed + 3), now=now or utcnow(), anchor=anchor
        )
        uow.commit()
    with UnitOfWork() as uow:  # the manager's wall, from everything seeded above
        rebuild(uow.session)
        uow.commit()
    with UnitOfWork() as uow:  # suggestions from the first `make up`, not the next beat
        trained = train(uow.session, settings=get_settings(), now=now or utcnow())
        uow.commit()
    console.print(
        f"seeded {len(stores)} stores in {len(regions)} regions, "
        f"{len(skus)} SKUs, {members} members, {codes} QR touchpoints, "
        f"{booked} appointments, {notes} customer notes, {coupons} coupons in wallets, "
        f"{shipped} stock transfer in transit, {sales} assisted sales, "
        f"a finished campaign that reached {reached} members, "
        f"{cases} service cases and 2 care tasks, "
        f"site suggestion {suggestion} for East China, "
        f"{history} past orders for the manager's wall, "
        f"{moments} journey moments and {answers} feedback answers, "
        f"suggestions for {trained.members} members"
    )
    return True


def _regions(session: Session, password_hash: str) -> dict[str, int]:
    ids: dict[str, int] = {}
    hq = Manager(username="hq", name="Head Office", password_hash=password_hash, hq=True)
    session.add(hq)
    for code, (name, _) in REGIONS.items():
        south, west, north, east = region_area(code)
        region = Region(
            code=code,
            name=name,
            area_south=south,
            area_west=west,
            area_north=north,
            area_east=east,
        )
        manager = Manager(
            username=f"manager-{code}", name=f"{name} manager", password_hash=password_hash
        )
        session.add_all([region, manager])
        session.flush()
        session.add(ManagerRegion(manager_id=manager.id, region_id=region.id))
        ids[code] = region.id
    return ids


def _stores(
    session: Session, rng: random.Random, regions: dict[str, int], password_hash: str
) -> list[int]:
    ids: list[int] = []
    used: set[str] = set()
    for city, count in store_sites(rng, STORE_COUNT):
        prefix = _city_prefix(city.name, used)
        for n in range(1, count + 1):
            lat, lon = jitter(rng, city, sigma_km=6.0)
            code = f"{prefix}-{n:02d}"
            status = "planned" if (n == count and count >= 4) else "open"
            store = Store(
                code=code,
                name=f"Yunshan {city.name} {n}",
                region_id=regions[city.region],
                city=city.name,
                address=f"{rng.randint(1, 999)} {rng.choice(STREETS)} Road, {city.name}",
                latitude=lat,
                longitude=lon,
                timezone=city.timezone,
                status=status,
                pickup_ready_minutes=rng.choice((30, 60, 120)),
                pickup_hold_days=rng.choice((3, 5, 7)),
                hours=[
                    OpeningHours(
                        weekday=d,
                        opens_at=time(10),
                        closes_at=time(22, 30 if d >= 4 else 0),
                    )
                    for d in range(7)
                ],
            )
            session.add(store)
            session.flush()
            ids.append(store.id)
            for g in range(1, rng.randint(2, 6) + 1):
                session.add(
                    Guide(
                        store_id=store.id,
                        username=f"{code.lower()}-g{g}",
                        name=person_name(rng),
                        password_hash=password_hash,
                    )
                )
    session.flush()
    return ids


def _city_prefix(name: str, used: set[str]) -> str:
    """Three letters for a city, unique among those used (Shenzhen SHE, Shenyang SHY)."""
    letters = "".join(ch for ch in name.upper() if ch.isalpha())
    for i in range(2, len(letters)):
        prefix = letters[:2] + letters[i]
        if prefix not in used:
            used.add(prefix)
            return prefix
    raise ValueError(f"no free store prefix for {name}")


def _catalog(session: Session, rng: random.Random, anchor: datetime) -> list[int]:
    sku_ids: list[int] = []
    session.add_all(Category(code=code, name=name) for code, name in CATEGORY_NAMES.items())
    for demo in demo_catalog(rng):
        product = Product(
            code=demo.code,
            name=demo.name,
            description=demo.description,
            category=demo.category,
            image_urls=demo.image_urls,
        )
        session.add(product)
        session.flush()
        for s in demo.skus:
            sku = Sku(code=s.code, product_id=product.id, variant=s.variant, price_fen=s.price_fen)
            session.add(sku)
            session.flush()
            sku_ids.append(sku.id)
            # The price history starts with the launch price (HQ's catalog before this system).
            session.add(
                PriceChange(
                    sku_id=sku.id,
                    price_fen=s.price_fen,
                    effective_at=anchor,
                    status="applied",
                    applied_at=anchor,
                    actor_role="import",
                )
            )
    return sku_ids


def _stock(session: Session, rng: random.Random, store_ids: list[int], sku_ids: list[int]) -> None:
    warehouse = Location(
        code="WH-ONLINE", kind="warehouse", name="Online fulfilment centre, Kunshan"
    )
    session.add(warehouse)
    locations = [
        Location(code=f"ST-{sid}", kind="store", store_id=sid, name=f"store {sid}")
        for sid in store_ids
    ]
    session.add_all(locations)
    session.flush()
    # The opening stock is an import on the ledger, so on-hand = sum(movements) from the start.
    opening = {warehouse.id: {sku: rng.randint(50, 500) for sku in sku_ids}}
    for location in locations:
        opening[location.id] = {sku: rng.choice((0, 1, 2, 3, 4, 6, 8, 12)) for sku in sku_ids}
    for location_id, changes in opening.items():
        ledger.move(
            session=session,
            location_id=location_id,
            changes=changes,
            kind="import",
            source_type="import",
            source_id="demo-opening-stock",
        )


def _members(session: Session, rng: random.Random, count: int, anchor: datetime) -> None:
    raw = session.connection().connection.driver_connection
    assert raw is not None
    columns = ", ".join(MEMBER_COLUMNS)
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY members.members ({columns}) FROM STDIN") as copy,
    ):
        for row in member_rows(rng, count, anchor):
            copy.write_row(row)


#: Points the demo shopper (dev login code ``demo-shopper``) starts with: 200 yuan to spend.
DEMO_SHOPPER_POINTS = 20_000


def _demo_shopper(session: Session, anchor: datetime) -> None:
    """The member the dev login ``demo-shopper`` opens, with points to spend at checkout."""
    points.earn(
        session=session,
        member_id=demo_shopper(session, anchor),
        points=DEMO_SHOPPER_POINTS,
        source="welcome",
        reason="demo welcome points",
    )
