"""Campaign fan-out: each treated member messaged exactly once, the control group never,
a campaign coupon redeemed once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from services.campaigns import service
from services.campaigns.models import Campaign, CampaignMember
from services.campaigns.results import results
from services.campaigns.schemas import CampaignCreate
from services.campaigns.tasks import resume_sending, send_next_batch
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.outbox import OutboxMessage
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.promotions.client import LocalPromotionsClient
from services.promotions.models import MemberCoupon
from tests import factories
from tests.aio import threads_together

STORE = (31.23, 121.47)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("O2O_CAMPAIGN_SEND_BATCH", "7")
    monkeypatch.setenv("O2O_CAMPAIGN_SEND_INTERVAL_SECONDS", "0")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _campaign(
    *, members: int, coupon_id: int | None = None, at: tuple[float, float] = STORE
) -> int:
    """A ready campaign toward a planned store with ``members`` consenting neighbours."""
    region = factories.region()
    store = factories.store(region.id, latitude=at[0], longitude=at[1], status="planned")
    now = utcnow()
    for i in range(members):
        factories.member(
            home_latitude=at[0] + 0.0005 * (i % 20),
            home_longitude=at[1] + 0.0005 * (i // 20),
            location_consent_at=now,
        )
    factories.member(home_latitude=at[0] + 0.2, home_longitude=at[1], location_consent_at=now)
    data = CampaignCreate(
        name="Opening week",
        store_id=store.id,
        audience="near_store",
        radius_km=3.0,
        control_percent=30,
        seed=11,
        message="We open next door!",
        coupon_id=coupon_id,
    )
    with UnitOfWork() as uow:
        created = service.create(
            session=uow.session,
            data=data,
            region_ids=None,
            manager_id=None,
            settings=get_settings(),
            now=now,
        )
        uow.commit()
    assert created.treated + created.control == members  # the far member is not in it
    return created.id


def _start_sending(campaign_id: int) -> None:
    # The launch without its after-commit kick: the test runs the task itself.
    with UnitOfWork() as uow:
        uow.session.execute(
            update(Campaign)
            .where(Campaign.id == campaign_id)
            .values(status="sending", launched_at=utcnow())
        )
        uow.commit()


def _arms(campaign_id: int) -> dict[str, set[int]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            select(CampaignMember.member_id, CampaignMember.arm).where(
                CampaignMember.campaign_id == campaign_id
            )
        )
        arms: dict[str, set[int]] = {"treated": set(), "control": set()}
        for member_id, arm in rows:
            arms[arm].add(member_id)
        return arms


def _messaged(campaign_id: int) -> Counter[int]:
    """Members by how many campaign messages were queued for them (the outbox, before dedupe)."""
    with UnitOfWork() as uow:
        payloads: list[dict[str, Any]] = list(
            uow.session.scalars(
                select(OutboxMessage.payload).where(OutboxMessage.topic == "notification.requested")
            )
        )
    prefix = f"campaign:{campaign_id}:"
    return Counter(p["member_id"] for p in payloads if p["dedupe_key"].startswith(prefix))


@pytest.mark.usefixtures("db", "small_batches")
def test_running_the_fan_out_twice_messages_each_treated_member_once() -> None:
    campaign_id = _campaign(members=60)
    _start_sending(campaign_id)
    first = send_next_batch(campaign_id)  # eager: the whole chain of batches
    again = send_next_batch(campaign_id)
    arms = _arms(campaign_id)
    messaged = _messaged(campaign_id)
    assert first == 7 and again == 0
    assert set(messaged) == arms["treated"] and set(messaged.values()) == {1}
    assert arms["control"] and not arms["control"] & set(messaged)
    with UnitOfWork() as uow:
        assert uow.session.get(Campaign, campaign_id).status == "sent"  # type: ignore[union-attr]


@pytest.mark.usefixtures("db", "small_batches")
@pytest.mark.parametrize("round_", range(8))
def test_fan_out_chains_released_together_message_each_member_once(round_: int) -> None:
    campaign_id = _campaign(members=40)
    _start_sending(campaign_id)
    outcomes = threads_together(4, lambda _i: send_next_batch(campaign_id))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    arms = _arms(campaign_id)
    messaged = _messaged(campaign_id)
    assert set(messaged) == arms["treated"], round_
    assert set(messaged.values()) == {1}
    assert not arms["control"] & set(messaged)


@pytest.mark.usefixtures("db", "small_batches")
def test_the_campaign_coupon_is_issued_once_per_treated_member_and_redeems_once() -> None:
    coupon = factories.coupon()
    campaign_id = _campaign(members=20, coupon_id=coupon.id)
    _start_sending(campaign_id)
    send_next_batch(campaign_id)
    send_next_batch(campaign_id)
    arms = _arms(campaign_id)
    with UnitOfWork() as uow:
        entries = list(
            uow.session.execute(
                select(MemberCoupon.member_id, MemberCoupon.id).where(
                    MemberCoupon.coupon_id == coupon.id
                )
            )
        )
    assert sorted(m for m, _ in entries) == sorted(arms["treated"])
    member_id, entry = entries[0]
    with UnitOfWork() as uow:
        LocalPromotionsClient(uow.session).redeem(
            member_id=member_id, member_coupon_id=entry, order_ref="O-campaign-1"
        )
        uow.commit()
    with UnitOfWork() as uow, pytest.raises(Conflict) as refused:
        LocalPromotionsClient(uow.session).redeem(
            member_id=member_id, member_coupon_id=entry, order_ref="O-campaign-2"
        )
    assert refused.value.code == "coupon_unavailable"
    with UnitOfWork() as uow:
        read = results(session=uow.session, campaign_id=campaign_id, region_ids=None, now=utcnow())
    treated = next(a for a in read.arms if a.arm == "treated")
    assert treated.coupons_redeemed == 1
    assert treated.members == len(arms["treated"])


@pytest.mark.usefixtures("db", "small_batches")
def test_the_sweep_restarts_only_a_stalled_campaign() -> None:
    stalled, fresh = _campaign(members=10), _campaign(members=10, at=(39.9, 116.4))
    _start_sending(stalled)
    _start_sending(fresh)
    with UnitOfWork() as uow:
        uow.session.execute(
            update(Campaign)
            .where(Campaign.id == stalled)
            .values(launched_at=utcnow() - timedelta(minutes=10))
        )
        uow.commit()
    assert resume_sending() == 1
    assert set(_messaged(stalled)) == _arms(stalled)["treated"]
    assert not _messaged(fresh)  # its own chain is (taken to be) still running
