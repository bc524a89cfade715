"""A case as staff and shoppers read it: history, what it needs next, overdue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from orders.cases.due import overdue
from orders.cases.models import CaseStep, ServiceCase
from orders.cases.schemas import CaseLineRead, CaseRead, CaseStepRead
from orders.cases.states import allowed
from orders.models import Order


def read(session: Session, case: ServiceCase, *, now: datetime) -> CaseRead:
    steps = session.scalars(
        select(CaseStep).where(CaseStep.case_id == case.id).order_by(CaseStep.id)
    )
    order = session.get(Order, case.order_id) if case.order_id is not None else None
    number = order.number if order is not None else None
    return CaseRead(
        id=case.id,
        kind=case.kind,
        status=case.status,
        member_id=case.member_id,
        store_id=case.store_id,
        order_number=number,
        summary=case.summary,
        lines=_lines(session, case, order),
        photo_urls=case.photo_urls,
        outcome=case.outcome,
        due_at=case.due_at,
        acted_at=case.acted_at,
        escalated_at=case.escalated_at,
        closed_at=case.closed_at,
        created_at=case.created_at,
        overdue=case.status == "open"
        and case.acted_at is None
        and overdue(due=case.due_at, acted=None, escalated=None, now=now),
        next_steps=allowed(case.kind, case.status),
        member_url=f"/tablet/v1/members/{case.member_id}",
        steps=[
            CaseStepRead(
                action=s.action,
                status=s.status,
                actor_role=s.actor_role,
                note=s.note,
                created_at=s.created_at,
            )
            for s in steps
        ],
    )


def _lines(session: Session, case: ServiceCase, order: Order | None) -> list[CaseLineRead]:
    paid = {line.sku_id: line.unit_price_fen for line in order.lines} if order else {}
    wanted = sorted(
        {int(line["exchange_sku_id"]) for line in case.lines if "exchange_sku_id" in line}
    )
    prices = LocalInventoryClient(session).prices_now(wanted) if wanted else {}
    return [
        CaseLineRead(
            sku_id=int(line["sku_id"]),
            quantity=int(line["quantity"]),
            exchange_sku_id=line.get("exchange_sku_id"),
            paid_unit_fen=paid.get(int(line["sku_id"])),
            exchange_price_fen=prices.get(int(line.get("exchange_sku_id") or 0)),
        )
        for line in case.lines
    ]
