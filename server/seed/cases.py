"""Demo service cases and care tasks at the demo guide's store, so the tablet queue,
``/tablet/v1/cases``, ``/tablet/v1/care-tasks`` and the managers' ``/manager/v1/cases``
show them on the first ``make up``: an overdue apology, a complaint on a demo sale, a
resolved apology with its history, and two members to reach out to.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from orders.cases import acting
from orders.cases.acting import CaseStaff
from orders.cases.churn_rules import period_start
from orders.cases.models import CareTask
from orders.cases.opening import open_case
from orders.cases.schemas import CaseStepCreate
from orders.models import Order
from server.seed.sales import DEMO_GUIDE
from services.members.models import Member
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.models import Guide


def seed_cases() -> int:
    """Open the demo cases and care tasks; how many cases. Run after the demo sales."""
    now = utcnow()
    with UnitOfWork() as uow:
        s = uow.session
        guide = s.scalars(select(Guide).where(Guide.username == DEMO_GUIDE)).first()
        members = list(s.scalars(select(Member.id).order_by(Member.id).limit(60)))
        if guide is None or len(members) < 60:
            return 0
        store_id = guide.store_id
        overdue = open_case(
            s,
            kind="apology",
            member_id=members[40],
            store_id=store_id,
            source_key="demo-nps-1",
            summary="NPS 3: waited 20 minutes for a fitting room",
            now=now - timedelta(hours=6),
        )
        resolved = open_case(
            s,
            kind="apology",
            member_id=members[41],
            store_id=store_id,
            source_key="demo-nps-2",
            summary="CSAT 2: the boots I reserved were not kept",
            now=now - timedelta(days=2),
        )
        staff = CaseStaff("guide", guide.id, store_id=store_id)
        acting.act(
            session=s,
            case_id=resolved,
            staff=staff,
            body=CaseStepCreate(
                action="resolve", outcome="voucher", note="called, apologised, 50 yuan voucher"
            ),
            now=now - timedelta(days=1),
        )
        sale = s.scalars(
            select(Order).where(Order.store_id == store_id).order_by(Order.id).limit(1)
        ).first()
        opened = 2
        if sale is not None:
            open_case(
                s,
                kind="complaint",
                member_id=sale.member_id,
                store_id=store_id,
                order_id=sale.id,
                source_key="demo-complaint-1",
                summary="the price tag was wrong at the counter",
                actor_role="shopper",
                now=now - timedelta(hours=1),
            )
            opened += 1
        period = period_start(now, get_settings().churn_period_days)
        s.execute(
            insert(CareTask),
            [
                {
                    "member_id": members[42],
                    "store_id": store_id,
                    "reason": "quiet",
                    "suggested": "invite",
                    "period_start": period,
                    "last_visit_at": now - timedelta(days=52),
                    "created_at": now,
                },
                {
                    "member_id": members[40],
                    "store_id": store_id,
                    "reason": "detractor",
                    "suggested": "call",
                    "period_start": period,
                    "last_visit_at": None,
                    "created_at": now,
                },
            ],
        )
        assert overdue
        uow.commit()
    return opened
