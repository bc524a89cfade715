"""Churn warnings: regulars gone quiet and detractors become care tasks for their store.

Cases and care tasks live together (``orders/cases``): both are the store's
"close the loop" queue on the tablet, scoped the same way, and "regular" is read from
the orders this service owns (check-ins come through ``stores.client``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from orders.cases.churn_rules import ChurnRule, Visit, gone_quiet, period_start, usual_store
from orders.cases.models import CareTask, ServiceCase
from orders.models import Order
from orders.states import AWAITING_PAYMENT
from services.platform.settings import Settings, get_settings
from stores.client import LocalStoresClient

#: Orders that never became a purchase are not visits.
_NOT_VISITS = (*AWAITING_PAYMENT, "cancelled", "expired")


def rule(settings: Settings) -> ChurnRule:
    return ChurnRule(
        visits=settings.churn_regular_visits,
        window_days=settings.churn_regular_days,
        quiet_days=settings.churn_quiet_days,
        period_days=settings.churn_period_days,
    )


def _visits(session: Session, since: datetime, now: datetime) -> dict[int, list[Visit]]:
    visits: dict[int, list[Visit]] = defaultdict(list)
    orders = session.execute(
        select(Order.member_id, Order.created_at, Order.store_id).where(
            Order.created_at >= since, Order.status.not_in(_NOT_VISITS)
        )
    )
    for member_id, at, store_id in orders:
        visits[member_id].append(Visit(at, store_id))
    for check_in in LocalStoresClient(session).check_ins_between(since, now):
        visits[check_in.member_id].append(Visit(check_in.checked_in_at, check_in.store_id))
    return visits


def flag_at_risk(*, session: Session, now: datetime) -> int:
    """Open this period's care tasks; a member already flagged this period is skipped.

    Quiet: regulars whose last visit is between ``quiet_days`` and ``quiet_days +
    period_days`` ago (so a long-gone member is not flagged every period). Detractor:
    members an apology case was opened for this period, at that case's store.
    Returns how many tasks were opened now.
    """
    churn = rule(get_settings())
    period = period_start(now, churn.period_days)
    quiet_since = now - timedelta(days=churn.quiet_days + churn.period_days)
    since = quiet_since - timedelta(days=churn.window_days)
    tasks: dict[int, dict[str, object]] = {}
    for member_id, visits in _visits(session, since, now).items():
        last = max(v.at for v in visits)
        store_id = usual_store(visits)
        if last >= quiet_since and store_id is not None and gone_quiet(visits, now=now, rule=churn):
            tasks[member_id] = {
                "store_id": store_id,
                "reason": "quiet",
                "suggested": "invite",
                "last_visit_at": last,
            }
    apologies = session.execute(
        select(ServiceCase.member_id, ServiceCase.store_id).where(
            ServiceCase.kind == "apology",
            ServiceCase.created_at >= datetime.combine(period, datetime.min.time(), now.tzinfo),
            ServiceCase.store_id.is_not(None),
        )
    )
    for member_id, store_id in apologies:  # an unhappy member outranks a quiet one
        tasks[member_id] = {
            "store_id": store_id,
            "reason": "detractor",
            "suggested": "call",
            "last_visit_at": None,
        }
    if not tasks:
        return 0
    opened = session.scalars(
        insert(CareTask)
        .values(
            [
                {"member_id": m, "period_start": period, "created_at": now, **t}
                for m, t in sorted(tasks.items())
            ]
        )
        .on_conflict_do_nothing(index_elements=["member_id", "period_start"])
        .returning(CareTask.id)
    )
    return len(list(opened))
