"""Raw scans and journey moments past retention are folded into daily counts and deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from services.feedback.models import Invitation, JourneyDay, JourneyEvent
from services.feedback.tasks import prune_journey
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.touchpoints.models import Scan, ScanDay
from services.touchpoints.tasks import prune_scans
from tests import factories


def test_expired_scans_and_moments_become_daily_counts_and_go(db: object) -> None:
    region = factories.region()
    store = factories.store(region.id)
    touchpoint = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    member = factories.member()
    old = utcnow() - timedelta(days=get_settings().raw_event_retention_days + 3)
    day = datetime(old.year, old.month, old.day, 12, tzinfo=UTC)
    recent = utcnow() - timedelta(days=1)
    with UnitOfWork() as uow:
        s = uow.session
        for at, who in (
            (day, member.id),
            (day, None),
            (day + timedelta(hours=1), None),
            (recent, member.id),
        ):
            s.add(
                Scan(
                    touchpoint_id=touchpoint.id,
                    member_id=who,
                    device_id=None if who else "dev-1",
                    via="link",
                    action="check_in",
                    scanned_at=at,
                )
            )
        moments = [
            JourneyEvent(
                event_key=f"k{i}",
                kind="check_in",
                stage="buy",
                member_id=member.id,
                store_id=store.id,
                occurred_at=at,
            )
            for i, at in enumerate((day, day, day, recent))
        ]
        s.add_all(moments)
        s.flush()
        s.add(
            Invitation(
                journey_event_id=moments[0].id,
                member_id=member.id,
                kind="check_in",
                stage="buy",
                store_id=store.id,
                invited_at=day,
                answer_by=day + timedelta(days=3),
            )
        )
        uow.commit()
    assert prune_scans() == 3
    assert prune_journey() == 2  # the moment someone was asked about stays
    assert prune_scans() == 0 and prune_journey() == 0
    with UnitOfWork() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Scan)) == 1
        assert s.scalar(select(func.count()).select_from(JourneyEvent)) == 2
        scan_days = s.execute(select(ScanDay.day, ScanDay.scans, ScanDay.member_scans)).all()
        assert [tuple(r) for r in scan_days] == [(day.date(), 3, 1)]
        journey_days = s.execute(
            select(JourneyDay.day, JourneyDay.kind, JourneyDay.store_id, JourneyDay.events)
        ).all()
        assert [tuple(r) for r in journey_days] == [(day.date(), "check_in", store.id, 2)]
