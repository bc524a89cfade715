"""The demo seed: a plausible brand, deterministic, and never seeded twice."""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import func, select

from inventory.models import Location, Sku, Stock
from server.seed import seed_demo
from server.seed.catalog import demo_catalog
from server.seed.geography import store_sites
from services.members.models import Member
from services.platform.uow import UnitOfWork
from stores.models import Guide, Manager, Region, Store


def test_seed_builds_the_demo_brand_once(db: dict[str, str]) -> None:
    assert seed_demo(seed=3, members=2000)
    assert not seed_demo(seed=3, members=2000)  # not empty any more: nothing added
    with UnitOfWork() as uow:
        s = uow.session
        assert (s.scalar(select(func.count(Region.id))) or 0) >= 3
        stores = s.scalars(select(Store)).all()
        assert len(stores) >= 60
        assert all(18 < st.latitude < 50 and 95 < st.longitude < 130 for st in stores)
        guides = Counter(s.scalars(select(Guide.store_id)).all())
        assert all(2 <= guides[st.id] <= 6 for st in stores)
        skus = s.scalar(select(func.count(Sku.id))) or 0
        assert 280 <= skus <= 330
        warehouses = s.scalar(select(func.count()).where(Location.kind == "warehouse"))
        assert warehouses and warehouses >= 1
        assert s.scalar(select(func.count()).select_from(Stock)) == (
            (len(stores) + warehouses) * skus
        )
        assert s.scalar(select(func.count(Member.id))) == 2000
        hq = s.scalars(select(Manager).where(Manager.hq.is_(True))).all()
        assert len(hq) == 1
        # Shanghai, the largest city, has the most members.
        top_city = s.execute(
            select(Member.home_city, func.count())
            .where(Member.home_city.is_not(None))
            .group_by(Member.home_city)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        assert top_city[0] == "Shanghai"


def test_same_seed_same_data() -> None:
    assert store_sites(random.Random(5), 64) == store_sites(random.Random(5), 64)
    assert demo_catalog(random.Random(5)) == demo_catalog(random.Random(5))
    assert sum(n for _, n in store_sites(random.Random(5), 64)) == 64
