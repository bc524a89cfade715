"""The demo shows the experience loop on first start: weeks of moments, answers, cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from orders.cases.models import ServiceCase
from services.feedback import service
from services.feedback.models import Answer, JourneyEvent
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork


@pytest.mark.demo
def test_demo_has_weeks_of_journey_answers_and_apology_cases(db) -> None:
    now = utcnow()
    with UnitOfWork() as uow:
        s = uow.session
        stages = dict(
            s.execute(select(JourneyEvent.stage, func.count()).group_by(JourneyEvent.stage)).all()
        )
        assert set(stages) == {"discover", "consider", "buy", "fulfil", "retain"}
        oldest = s.scalar(select(func.min(JourneyEvent.occurred_at)))
        assert oldest is not None and oldest < now - timedelta(days=14)
        unhappy = s.scalars(select(Answer).where(Answer.needs_case)).all()
        assert unhappy and all(a.case_id is not None for a in unhappy)
        apologies = s.scalar(
            select(func.count())
            .select_from(ServiceCase)
            .where(ServiceCase.kind == "apology", ServiceCase.source_key.like("feedback:%"))
        )
        assert apologies == len(unhappy)
        total, by_store = service.experience(
            s, by="store", start=now - timedelta(days=30), end=now, store_ids=None
        )
        assert total.nps.responses >= 50 and total.csat.responses >= 20
        assert len({row.nps.value for row in by_store if row.nps.responses >= 3}) > 1
