"""Demo assisted sales: the demo guide rang up a few sales today, most paid at the counter.

They go through the real placement and the counter payment (stock held, then
allocated; the guide credited), so ``GET /tablet/v1/me/figures`` and member 360
show them on the first ``make up``. Run after the demo data is committed.
"""

from __future__ import annotations

import asyncio
import random

import structlog
from sqlalchemy import select

from inventory.models import Location, Stock
from orders import assisted, placing
from orders.sale_schemas import AssistedSaleCreate, CounterPaymentCreate
from services.members.models import Member
from services.platform import adb
from services.platform.db import utcnow
from services.platform.errors import DomainError
from services.platform.runtime import resolve_database_url
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork, relay_kicks_sent
from stores.models import Guide

log = structlog.get_logger(__name__)
DEMO_GUIDE = "sha-01-g1"
SALES = 4


def seed_sales(rng: random.Random) -> int:
    """Ring up ``SALES`` sales for the demo guide (the last one left for a payment link)."""
    with UnitOfWork() as uow:
        s = uow.session
        guide = s.scalars(select(Guide).where(Guide.username == DEMO_GUIDE)).first()
        if guide is None:
            return 0
        location_id = s.scalar(select(Location.id).where(Location.store_id == guide.store_id))
        skus = list(
            s.scalars(
                select(Stock.sku_id)
                .where(Stock.location_id == location_id, Stock.on_hand - Stock.reserved >= 2)
                .order_by(Stock.sku_id)
            )
        )
        members = list(s.scalars(select(Member.id).order_by(Member.id).limit(50)))
        guide_id, store_id = guide.id, guide.store_id
    if not skus or not members:
        return 0
    picks = [(rng.choice(members), rng.choice(skus)) for _ in range(SALES)]
    return asyncio.run(_ring_up(guide_id, store_id, picks))


async def _ring_up(guide_id: int, store_id: int, picks: list[tuple[int, int]]) -> int:
    connection = await adb.connect(resolve_database_url(get_settings()))
    made = 0
    try:
        for n, (member_id, sku_id) in enumerate(picks):
            data = AssistedSaleCreate(
                member_id=member_id, lines=[{"sku_id": sku_id, "quantity": 1}]
            )
            try:
                placed = await assisted.ring_up(
                    connection,
                    guide_id=guide_id,
                    store_id=store_id,
                    data=data,
                    now=utcnow(),
                    replay=placing.Replay("seed:sales", f"demo-sale-{n}", f"demo-sale-{n}"),
                )
                if n < len(picks) - 1:  # the last waits for the member's payment link
                    await assisted.take_at_counter(
                        connection,
                        store_id=store_id,
                        guide_id=guide_id,
                        number=placed.order["number"],
                        data=CounterPaymentCreate(
                            amount_fen=placed.order["total_fen"], method="card"
                        ),
                        at=utcnow(),
                    )
            except DomainError as refused:  # e.g. a real gateway: no intent to settle offline
                log.warning("demo_sale_skipped", code=refused.code)
                continue
            made += 1
        await relay_kicks_sent()
    finally:
        await connection.close()
    return made
