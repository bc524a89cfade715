"""Small builders for test data, written through the models in one committed transaction."""

from __future__ import annotations

from datetime import time, timedelta
from itertools import count
from typing import Any

from sqlalchemy import select

from inventory import ledger
from inventory.models import Location, Product, Sku, Stock
from services.members.models import Member
from services.platform.auth import Principal, hash_password, issue_token
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.promotions.models import Coupon, MemberCoupon
from services.touchpoints.models import Touchpoint
from services.touchpoints.scene import new_scene
from stores.models import Guide, Manager, ManagerRegion, OpeningHours, Region, Store

PASSWORD = "s3cret-pass"
_seq = count(1)
_password_hash: str | None = None


def password_hash() -> str:
    global _password_hash
    if _password_hash is None:
        _password_hash = hash_password(PASSWORD)
    return _password_hash


def _save(obj: Any) -> Any:
    with UnitOfWork() as uow:
        uow.session.add(obj)
        uow.session.flush()
        uow.commit()
    return obj


#: A test region covers mainland China unless a test draws a smaller one.
CHINA = (18.0, 73.0, 54.0, 135.0)


def region(
    code: str | None = None, *, area: tuple[float, float, float, float] | None = CHINA
) -> Region:
    n = next(_seq)
    south, west, north, east = area if area is not None else (None, None, None, None)
    return _save(
        Region(
            code=code or f"r{n}",
            name=f"Region {n}",
            area_south=south,
            area_west=west,
            area_north=north,
            area_east=east,
        )
    )


def store(
    region_id: int, *, latitude: float = 31.23, longitude: float = 121.47, **fields: Any
) -> Store:
    n = next(_seq)
    values: dict[str, Any] = {
        "code": f"ST-{n:04d}",
        "name": f"Store {n}",
        "region_id": region_id,
        "city": "Shanghai",
        "address": f"{n} Nanjing Road",
        "latitude": latitude,
        "longitude": longitude,
        "status": "open",
        "hours": [OpeningHours(weekday=d, opens_at=time(10), closes_at=time(22)) for d in range(7)],
    }
    values.update(fields)
    return _save(Store(**values))


def guide(store_id: int, *, username: str | None = None, active: bool = True) -> Guide:
    n = next(_seq)
    return _save(
        Guide(
            store_id=store_id,
            username=username or f"guide{n}",
            name=f"Guide {n}",
            password_hash=password_hash(),
            active=active,
        )
    )


def manager(region_ids: list[int], *, hq: bool = False, username: str | None = None) -> Manager:
    n = next(_seq)
    saved = _save(
        Manager(
            username=username or f"manager{n}",
            name=f"Manager {n}",
            password_hash=password_hash(),
            hq=hq,
        )
    )
    with UnitOfWork() as uow:
        for region_id in region_ids:
            uow.session.add(ManagerRegion(manager_id=saved.id, region_id=region_id))
        uow.commit()
    return saved


def member(**fields: Any) -> Member:
    n = next(_seq)
    values: dict[str, Any] = {"openid": f"openid-{n}", "name": f"Member {n}"}
    values.update(fields)
    return _save(Member(**values))


def product(*, price_fen: int = 19900, skus: int = 1, active: bool = True) -> Product:
    n = next(_seq)
    saved = _save(Product(code=f"P{n}", name=f"Product {n}", category="jackets", active=active))
    for i in range(skus):
        _save(Sku(code=f"P{n}-{i}", product_id=saved.id, variant=f"V{i}", price_fen=price_fen))
    return saved


def sku(*, price_fen: int = 19900, active: bool = True) -> int:
    """A product with one SKU; returns the SKU id."""
    n = next(_seq)
    saved = _save(Product(code=f"P{n}", name=f"Product {n}", category="jackets"))
    return int(
        _save(
            Sku(
                code=f"P{n}-0",
                product_id=saved.id,
                variant="V0",
                price_fen=price_fen,
                active=active,
            )
        ).id
    )


def location(*, store_id: int | None = None, code: str | None = None) -> Location:
    n = next(_seq)
    kind = "store" if store_id is not None else "warehouse"
    return _save(Location(code=code or f"L{n}", kind=kind, store_id=store_id, name=f"Loc {n}"))


def stock(location_id: int, sku_id: int, on_hand: int) -> Stock:
    """A stock row opened through the ledger (an import), as the seed does."""
    with UnitOfWork() as uow:
        ledger.move(
            session=uow.session,
            location_id=location_id,
            changes={sku_id: on_hand},
            kind="import",
            source_type="import",
            source_id="test-opening-stock",
        )
        row = uow.session.get_one(Stock, (location_id, sku_id))
        uow.session.expunge(row)
        uow.commit()
    return row


def touchpoint(kind: str, *, region_id: int, active: bool = True, **fields: Any) -> Touchpoint:
    n = next(_seq)
    values: dict[str, Any] = {
        "kind": kind,
        "name": f"Touchpoint {n}",
        "region_id": region_id,
        "scene": new_scene(),
        "token_version": 1,
        "active": active,
    }
    values.update(fields)
    return _save(Touchpoint(**values))


def qr_token(touchpoint_id: int) -> str:
    """The current signed token of a touchpoint."""
    from services.touchpoints import service

    with UnitOfWork() as uow:
        found = service.get(session=uow.session, touchpoint_id=touchpoint_id, region_ids=None)
    return service.codes(found, get_settings()).token


def token(principal: Principal) -> dict[str, str]:
    """Authorization header for ``principal``."""
    return {"Authorization": f"Bearer {issue_token(principal, get_settings())}"}


def shopper_headers(member_id: int) -> dict[str, str]:
    return token(Principal(role="shopper", subject=member_id))


def session_version(model: type[Guide] | type[Manager], staff_id: int) -> int | None:
    """The staff member's current session version (None: no such row), as a login reads it."""
    with UnitOfWork() as uow:
        return uow.session.scalar(select(model.session_version).where(model.id == staff_id))


def guide_headers(guide_id: int, store_id: int) -> dict[str, str]:
    version = session_version(Guide, guide_id)
    return token(
        Principal(role="guide", subject=guide_id, store_id=store_id, session_version=version)
    )


def manager_headers(
    manager_id: int, region_ids: tuple[int, ...] = (), *, hq: bool = False
) -> dict[str, str]:
    version = session_version(Manager, manager_id)
    return token(
        Principal(
            role="manager",
            subject=manager_id,
            region_ids=region_ids,
            hq=hq,
            session_version=version,
        )
    )


def new_manager_headers(region_ids: tuple[int, ...] = (), *, hq: bool = False) -> dict[str, str]:
    """Headers of a newly saved manager whose token claims ``region_ids`` (or HQ)."""
    return manager_headers(manager([], hq=hq).id, region_ids, hq=hq)


def coupon(**fields: Any) -> Coupon:
    """A coupon valid from a day ago for a month; 10 yuan off unless ``fields`` say otherwise."""
    now = utcnow()
    values: dict[str, Any] = {
        "name": f"Coupon {next(_seq)}",
        "kind": "amount_off",
        "amount_off_fen": 1000,
        "valid_from": now - timedelta(days=1),
        "valid_until": now + timedelta(days=30),
    }
    values.update(fields)
    return _save(Coupon(**values))


def wallet_coupon(coupon_id: int, member_id: int) -> int:
    """Issue ``coupon_id`` to ``member_id``; the wallet entry's id (checkout's ``coupon_id``)."""
    with UnitOfWork() as uow:
        entry = MemberCoupon(
            coupon_id=coupon_id, member_id=member_id, source="test", status="available"
        )
        uow.session.add(entry)
        uow.session.flush()
        uow.commit()
        return entry.id
