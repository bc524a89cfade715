"""How each touchpoint, store, guide and journey stage feels: NPS and CSAT, regions scoped."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter

from orders.client import case_counts, churn_risk_counts
from services.feedback import service as feedback
from services.feedback.schemas import CaseCounts, ExperienceReport, GroupBy
from services.platform.db import utcnow
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.replica_deps import StaleOkUowDep
from services.touchpoints import attribution
from stores.client import LocalStoresClient

router = APIRouter(tags=["experience"])


@router.get("/experience", response_model=ExperienceReport)
@answers("bad_period")
def experience(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    by: GroupBy = "store",
    start: datetime | None = None,
    end: datetime | None = None,
) -> ExperienceReport:
    """NPS (% promoters - % detractors) and CSAT (% 4-5) with response counts, by ``by``,
    over [start, end) (default: the last 30 days); a regional manager sees answers about
    stores in their regions only, HQ sees every answer. ``cases``: service cases open and
    overdue now, and members at risk of leaving (open care tasks), in the same scope."""
    start, end = attribution.report_period(start=start, end=end, now=utcnow())
    regions = manager.regions
    store_ids = None if regions is None else LocalStoresClient(uow.session).store_ids_in(regions)
    total, rows = feedback.experience(uow.session, by=by, start=start, end=end, store_ids=store_ids)
    # Cases and care tasks are counted now (not over the period): what is still open.
    by_store = case_counts(uow.session, store_ids=store_ids, now=utcnow())
    at_risk = churn_risk_counts(uow.session, store_ids=store_ids)
    cases = CaseCounts(
        open=sum(c.open for c in by_store.values()),
        overdue=sum(c.overdue for c in by_store.values()),
        churn_risk=sum(at_risk.values()),
    )
    return ExperienceReport(
        period_from=start, period_to=end, by=by, total=total, rows=rows, cases=cases
    )
