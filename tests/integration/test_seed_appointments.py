"""The demo seed gives guides a day to look at: services, weeks and bookings around today."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from services.platform.uow import UnitOfWork
from stores.appointments import agenda
from stores.appointments.models import Appointment, AppointmentService, WorkingHours
from stores.models import Guide, Store


@pytest.mark.demo
def test_seeded_guides_have_an_agenda_today_and_no_double_bookings(db: dict[str, str]) -> None:
    with UnitOfWork() as uow:
        s = uow.session
        store = s.scalars(select(Store).where(Store.code == "SHA-01")).one()
        assert s.scalar(select(func.count()).where(AppointmentService.store_id == store.id)) == 3
        guide = s.scalars(select(Guide).where(Guide.username == "sha-01-g1")).one()
        assert s.scalar(select(func.count()).where(WorkingHours.guide_id == guide.id)) == 6
        today = agenda.local_today(store.timezone, datetime.now(UTC))
        assert agenda.store_day(session=s, store_id=store.id, day=today)
        held = s.scalars(select(Appointment).where(Appointment.try_on_reservation_id.is_not(None)))
        assert [(a.store_id, len(a.try_on or [])) for a in held] == [(store.id, 1)]
        rows = s.execute(
            select(
                Appointment.guide_id, Appointment.blocked_from, Appointment.blocked_until
            ).order_by(Appointment.guide_id, Appointment.blocked_from)
        ).all()
    for a, b in itertools.pairwise(rows):
        if a.guide_id == b.guide_id:
            assert a.blocked_until <= b.blocked_from


@pytest.mark.demo
def test_seeded_stores_keep_notes_on_the_customers_they_served(db: dict[str, str]) -> None:
    from stores.client import LocalStoresClient
    from stores.models import MemberNote

    with UnitOfWork() as uow:
        s = uow.session
        store = s.scalars(select(Store).where(Store.code == "SHA-01")).one()
        member_id = s.scalars(
            select(MemberNote.member_id).where(MemberNote.store_id == store.id)
        ).first()
        assert member_id is not None
        notes = LocalStoresClient(s).member_notes(store_id=store.id, member_id=member_id)
        assert notes and {n.store_id for n in notes} == {store.id}


@pytest.mark.demo
def test_the_demo_guide_has_assisted_sales_credited_today(db: dict[str, str]) -> None:
    from orders.client import LocalOrdersClient
    from orders.models import Order

    with UnitOfWork() as uow:
        s = uow.session
        guide = s.scalars(select(Guide).where(Guide.username == "sha-01-g1")).one()
        store = s.get_one(Store, guide.store_id)
        today = agenda.local_today(store.timezone, datetime.now(UTC))
        start, end = agenda.store_day_bounds(store.timezone, today)
        sales = LocalOrdersClient(s).guide_sales(guide.id, start, end)
        assert sales.orders == sales.assisted_orders == 3 and sales.gmv_fen > 0
        waiting = s.scalars(
            select(Order.status).where(Order.guide_id == guide.id, Order.paid_at.is_(None))
        ).all()
        assert waiting == ["pending_payment"]  # left for the member's payment link
