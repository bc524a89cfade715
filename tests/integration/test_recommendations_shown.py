"""The list's showings queue: each showing written once per quarter hour by a worker, and a
failed write never remembered (so the wall loses no showing to the queue's memory)."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from services.platform import adb
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.recommendations.shown import Showing, ShownQueue

AT = datetime(2026, 12, 7, 10, 1, tzinfo=UTC)


def _rows(member_id: int) -> list[tuple[int, str]]:
    with UnitOfWork() as uow:
        found = uow.session.execute(
            text(
                "SELECT product_id, touchpoint FROM recommendations.impressions"
                " WHERE member_id = :m ORDER BY product_id, touchpoint"
            ),
            {"m": member_id},
        )
        return [(r.product_id, r.touchpoint) for r in found]


def _flush(queue: ShownQueue) -> int:
    async def go() -> int:
        settings = get_settings()
        pool = await adb.make_pool(os.environ["O2O_DATABASE_URL"], settings)
        try:
            return await queue.flush(pool, settings)
        finally:
            await pool.close()

    return asyncio.run(go())


def test_a_repeat_is_sent_once_and_not_queued_again_in_the_quarter(db: object) -> None:
    queue = ShownQueue()
    one = Showing(9001, 5, "mini_program", AT, None)
    queue.add([one, one._replace(at=AT + timedelta(minutes=3)), one._replace(product_id=6)])
    assert _flush(queue) == 2  # the repeat left out before it reached PostgreSQL
    assert _rows(9001) == [(5, "mini_program"), (6, "mini_program")]
    queue.add([one._replace(at=AT + timedelta(minutes=10))])
    assert len(queue) == 0  # written already in this quarter: no statement at all
    queue.add([one._replace(touchpoint="order"), one._replace(at=AT + timedelta(minutes=15))])
    assert len(queue) == 2  # another touchpoint; the next quarter (the table decides the day)
    assert _flush(queue) == 2
    assert _rows(9001) == [(5, "mini_program"), (5, "order"), (6, "mini_program")]


def test_a_failed_write_is_not_remembered(db: object) -> None:
    queue = ShownQueue()
    good = Showing(9002, 7, "mini_program", AT, None)
    queue.add([good, good._replace(product_id=8, touchpoint="x" * 21)])  # too long: refused
    assert _flush(queue) == 0 and _rows(9002) == []
    queue.add([good])  # lost with its batch: queued again, not taken for written
    assert len(queue) == 1
    assert _flush(queue) == 1 and _rows(9002) == [(7, "mini_program")]
