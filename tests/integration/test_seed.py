"""The demo seed: a plausible brand, deterministic, and never seeded twice."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from inventory import ledger
from inventory.models import Category, Location, PriceChange, Product, Sku, Stock, Transfer
from orders.cases.models import CareTask, ServiceCase
from server.cli import app as cli
from server.seed import DemoSeedRefused, seed_demo
from server.seed.catalog import demo_catalog
from server.seed.coupons import demo_shopper
from server.seed.geography import store_sites
from services.campaigns.models import Campaign
from services.campaigns.results import results as campaign_results
from services.members.models import Member
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.promotions.wallet import wallet as promotions_wallet
from services.siting.models import SiteJob
from stores.models import Guide, Manager, Region, Store
from tests.databases import DEMO_MEMBERS, DEMO_SEED


@pytest.mark.demo
def test_seed_builds_the_demo_brand_once(db: dict[str, str]) -> None:
    # The run's demo template was seeded once; a second seed finds stores and adds nothing.
    assert not seed_demo(seed=DEMO_SEED, members=DEMO_MEMBERS)
    with UnitOfWork() as uow:
        s = uow.session
        assert (s.scalar(select(func.count(Region.id))) or 0) >= 3
        stores = s.scalars(select(Store)).all()
        assert len(stores) >= 60
        assert all(18 < st.latitude < 50 and 95 < st.longitude < 130 for st in stores)
        guides = Counter(s.scalars(select(Guide.store_id)).all())
        assert all(2 <= guides[st.id] <= 6 for st in stores)
        skus = s.scalar(select(func.count(Sku.id))) or 0
        # The first catalog's ~300 SKUs, then the rest of the range: every family in
        # every line (20 families x 5 lines).
        assert 600 <= skus <= 750
        assert len(set(s.scalars(select(Product.name)))) == 100
        # Every product names a category that exists, shows pictures, and every SKU has
        # its price history from launch.
        categories = set(s.scalars(select(Category.code)))
        assert set(s.scalars(select(Product.category))) <= categories
        assert all(p.image_urls for p in s.scalars(select(Product)))
        assert s.scalar(select(func.count(func.distinct(PriceChange.sku_id)))) == skus
        warehouses = s.scalar(select(func.count()).where(Location.kind == "warehouse"))
        assert warehouses and warehouses >= 1
        assert s.scalar(select(func.count()).select_from(Stock)) == (
            (len(stores) + warehouses) * skus
        )
        # The members plus the demo shopper, whom the dev login code `demo-shopper` signs in as.
        assert s.scalar(select(func.count(Member.id))) == DEMO_MEMBERS + 1
        shopper = demo_shopper(s, utcnow())
        wallet = promotions_wallet(session=s, member_id=shopper, now=utcnow())
        assert [w.state for w in wallet] == ["usable", "usable"]
        # ... and points to spend at checkout.
        assert s.scalar(select(Member.points).where(Member.id == shopper)) == 20_000
        # The demo guide's store has a transfer to receive; the ledger adds up everywhere.
        sha01 = s.scalar(
            select(Location.id)
            .join(Store, Store.id == Location.store_id)
            .where(Store.code == "SHA-01")
        )
        incoming = s.scalars(select(Transfer).where(Transfer.to_location_id == sha01)).all()
        assert [t.status for t in incoming] == ["in_transit"]
        assert ledger.drifted(session=s) == []
        hq = s.scalars(select(Manager).where(Manager.hq.is_(True))).all()
        assert len(hq) == 1
        # The demo guide's store has cases to act on (one overdue) and members to call.
        sha01_store = s.scalar(select(Store.id).where(Store.code == "SHA-01"))
        cases = s.execute(
            select(ServiceCase.kind, ServiceCase.status).where(ServiceCase.store_id == sha01_store)
        ).all()
        assert sorted(cases) == [
            ("apology", "open"),
            ("apology", "resolved"),
            ("complaint", "open"),
        ]
        tasks = s.scalars(select(CareTask.reason).where(CareTask.store_id == sha01_store)).all()
        assert sorted(tasks) == ["detractor", "quiet"]
        # Shanghai, the largest city, has the most members.
        top_city = s.execute(
            select(Member.home_city, func.count())
            .where(Member.home_city.is_not(None))
            .group_by(Member.home_city)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        assert top_city[0] == "Shanghai"
        # A finished East China campaign whose results show a lift over its control group.
        campaign = s.scalars(select(Campaign)).one()
        assert campaign.status == "sent"
        read = campaign_results(session=s, campaign_id=campaign.id, region_ids=None, now=utcnow())
        arms = {a.arm: a for a in read.arms}
        assert arms["treated"].members > 0 and arms["control"].members > 0
        assert arms["treated"].through_touchpoint > 0 and arms["control"].through_touchpoint == 0
        assert read.uplift is not None and read.uplift.difference > 0
        # A finished site suggestion for East China, for the manager's walk in the README.
        east = s.scalar(select(Region.id).where(Region.code == "east"))
        suggestion = s.scalars(select(SiteJob)).one()
        assert (suggestion.region_id, suggestion.status) == (east, "done")
        assert suggestion.result is not None and len(suggestion.result["sites"]) == 3
        # The manager's wall has months of history: orders, scans and check-ins last month.
        wall = s.execute(
            text(
                "SELECT sum(orders), sum(gmv_fen), sum(scans), sum(check_ins), sum(collected)"
                " FROM insights.figures_region WHERE day >= current_date - 30"
            )
        ).one()
        assert all(value > 0 for value in wall), wall
        first = s.scalar(text("SELECT min(day) FROM insights.figures_region"))
        assert first is not None and (utcnow().date() - first).days >= 150
        # Members count at their home store, are active in months, paid through gateways.
        members = s.execute(
            text(
                "SELECT sum(new_members) FILTER (WHERE store_id > 0), sum(pay_wechatpay_orders),"
                " sum(pay_counter_orders), sum(pay_card_orders) FROM insights.figures_store"
            )
        ).one()
        assert all(value > 0 for value in members), members
        assert s.scalar(
            text("SELECT max(members) FROM insights.active_members WHERE grain = 'month'")
        )


def test_same_seed_same_data() -> None:
    assert store_sites(random.Random(5), 64) == store_sites(random.Random(5), 64)
    assert demo_catalog(random.Random(5)) == demo_catalog(random.Random(5))
    assert sum(n for _, n in store_sites(random.Random(5), 64)) == 64


@pytest.fixture
def production(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A complete production configuration (the database and Redis stay the test ones)."""
    for name, value in {
        "ENVIRONMENT": "production",
        "JWT_SECRET": "j" * 48,
        "QR_SIGNING_KEYS": '{"k1": "' + "q" * 40 + '"}',
        "PAYMENT_GATEWAY": "stripe",
        "STRIPE_SECRET_KEY": "sk_live_example",
        "STRIPE_WEBHOOK_SECRET": "whsec_example",
        "WECHAT_PROVIDER": "wechat",
        "WECHAT_APP_ID": "wx5f1c0d2e3a4b6c7d",
        "WECHAT_APP_SECRET": "app-secret",
        "NOTIFICATION_CHANNEL": "wechat",
        "WECHAT_SUBSCRIBE_TEMPLATES": '{"order_ready_for_pickup": {"template_id": "t",'
        ' "data": {"thing1": "store_name"}}}',
    }.items():
        monkeypatch.setenv(f"O2O_{name}", value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_seed_refuses_demo_accounts_in_production(production: None) -> None:
    with pytest.raises(DemoSeedRefused, match="demo1234"):
        seed_demo(seed=3, members=10)
    result = CliRunner().invoke(cli, ["seed", "--members", "10"])
    assert result.exit_code == 1
    with UnitOfWork() as uow:
        assert uow.session.scalar(select(func.count(Manager.id))) == 0
        assert uow.session.scalar(select(func.count(Store.id))) == 0
