"""Campaign audiences drawn from the database: nearest-store changes, single-channel members,
and a channel target's conversions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from services.campaigns import service
from services.campaigns.models import CampaignMember
from services.campaigns.results import results
from services.campaigns.schemas import CampaignCreate
from services.campaigns.tasks import send_next_batch
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.models import CheckIn
from tests import factories
from tests.shop import open_shop, place_order


def _create(data: CampaignCreate) -> tuple[int, list[int]]:
    with UnitOfWork() as uow:
        created = service.create(
            session=uow.session,
            data=data,
            region_ids=None,
            manager_id=None,
            settings=get_settings(),
            now=utcnow(),
        )
        uow.commit()
    with UnitOfWork() as uow:
        members = sorted(
            uow.session.scalars(
                select(CampaignMember.member_id).where(CampaignMember.campaign_id == created.id)
            )
        )
    return created.id, members


def _check_in(store_id: int, member_id: int) -> None:
    with UnitOfWork() as uow:
        uow.session.add(CheckIn(store_id=store_id, member_id=member_id))
        uow.commit()


@pytest.mark.usefixtures("db")
def test_members_whose_nearest_open_store_becomes_the_new_one() -> None:
    region = factories.region()
    factories.store(region.id, latitude=31.20, longitude=121.40)
    new = factories.store(region.id, latitude=31.20, longitude=121.50, status="planned")
    now = utcnow()

    def home(lon: float) -> int:
        return factories.member(home_latitude=31.20, home_longitude=lon, location_consent_at=now).id

    near_old, near_new, beyond = home(121.42), home(121.48), home(121.53)
    far_away = home(121.80)  # nearest changes too, but outside the 8 km looked at
    factories.member(home_latitude=None, home_longitude=None)  # never consented
    _, members = _create(
        CampaignCreate(
            name="Opening",
            store_id=new.id,
            audience="nearest_changes",
            radius_km=8.0,
            control_percent=0,
            message="Closer now",
        )
    )
    assert members == [near_new, beyond]
    assert near_old not in members and far_away not in members


@pytest.mark.usefixtures("db")
def test_single_channel_members_of_the_region_and_their_conversion_to_the_channel() -> None:
    shop = open_shop(units=20)
    elsewhere = factories.store(factories.region().id)
    only_visits = factories.member().id
    both = factories.member().id
    only_orders = factories.member().id
    other_region = factories.member().id
    _check_in(shop.store_id, only_visits)
    _check_in(shop.store_id, both)
    place_order(replace(shop, member_id=both))
    place_order(replace(shop, member_id=only_orders))
    _check_in(elsewhere.id, other_region)

    campaign_id, members = _create(
        CampaignCreate(
            name="Try ordering in the mini-program",
            channel="mini_program",
            region_id=shop.region_id,
            audience="single_channel",
            control_percent=0,
            message="Order ahead, collect in store",
        )
    )
    # Already ordering in the mini-program, or active in two channels, or elsewhere: out.
    assert members == [only_visits]
    with UnitOfWork() as uow:
        service.launch(session=uow.session, campaign_id=campaign_id, region_ids=None, now=utcnow())
        uow.commit()  # the after-commit kick runs the fan-out (eager in tests)
    assert send_next_batch(campaign_id) == 0  # already sent
    place_order(replace(shop, member_id=only_visits))
    with UnitOfWork() as uow:
        read = results(session=uow.session, campaign_id=campaign_id, region_ids=None, now=utcnow())
    treated = next(a for a in read.arms if a.arm == "treated")
    assert (treated.members, treated.converted, treated.orders) == (1, 1, 1)
    assert read.uplift is None  # no control group: nothing to compare against
