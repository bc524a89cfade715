"""The outbox's safety net: a published message its consumer never got is handed again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import text

from services.platform import outbox
from services.platform.celery_app import celery_app
from services.platform.db import utcnow
from services.platform.outbox import first_delivery, publish, relay
from services.platform.redelivery import redeliver, sweep
from services.platform.uow import UnitOfWork

CONSUMER = "test.recording_consumer"
TOPIC = "test.lost_on_the_way"
handled: list[int] = []


@celery_app.task(name=CONSUMER)
def recording_consumer(message_id: int, topic: str, payload: dict[str, Any]) -> None:
    with UnitOfWork() as uow:
        if first_delivery(uow.session, consumer=CONSUMER, message_id=message_id):
            handled.append(payload["n"])
        uow.commit()


def _publish(*numbers: int, lose: set[int], published_ago: float) -> None:
    """Publish, relay, and let the broker drop the messages numbered in ``lose``."""
    with UnitOfWork() as uow:
        for n in numbers:
            publish(uow.session, TOPIC, {"n": n})
        uow.session.commit()  # without the unit of work's relay kick: relayed below

    def broker(task: str, message_id: int, topic: str, payload: dict[str, Any]) -> None:
        if payload["n"] not in lose:
            recording_consumer(message_id, topic, payload)

    with UnitOfWork() as uow:
        relay(uow.session, broker)
        uow.session.execute(
            text("UPDATE platform.outbox SET published_at = :at WHERE payload->>'n' = ANY(:ns)"),
            {"at": utcnow() - timedelta(seconds=published_ago), "ns": [str(n) for n in numbers]},
        )
        uow.commit()


def _sweep() -> int:
    with UnitOfWork() as uow:
        handed = sweep(uow.session, CONSUMER, now=utcnow(), grace=timedelta(seconds=60))
        uow.commit()
    return handed


def _mark() -> int | None:
    with UnitOfWork() as uow:
        return uow.session.scalar(
            text("SELECT last_id FROM platform.redelivery_marks WHERE consumer = :c"),
            {"c": CONSUMER},
        )


def test_a_lost_message_is_handed_once_and_a_recent_one_is_left_to_its_queue(
    db: dict[str, str],
) -> None:
    outbox.subscribe(TOPIC, CONSUMER)
    handled.clear()
    assert _sweep() == 0 and _mark() == 0  # the first sweep only sets the mark
    _publish(1, 2, 3, lose={2}, published_ago=120)
    _publish(4, 5, lose={4, 5}, published_ago=5)  # lost too, but within the grace
    assert sorted(handled) == [1, 3]

    assert _sweep() == 1
    assert sorted(handled) == [1, 2, 3]  # 2 handed again, 1 and 3 not twice
    with UnitOfWork() as uow:
        three = uow.session.scalar(text("SELECT id FROM platform.outbox WHERE payload->>'n' = '3'"))
    assert _mark() == three  # stopped before 4: it may still arrive the ordinary way

    assert _sweep() == 0 and sorted(handled) == [1, 2, 3]
    with UnitOfWork() as uow:  # now 4 and 5 are past the grace
        uow.session.execute(
            text("UPDATE platform.outbox SET published_at = published_at - interval '2 minutes'")
        )
        uow.commit()
    assert _sweep() == 2
    assert sorted(handled) == [1, 2, 3, 4, 5]


def test_a_sweep_under_way_makes_a_second_one_wait_its_turn(db: dict[str, str]) -> None:
    outbox.subscribe(TOPIC, CONSUMER)
    handled.clear()
    assert _sweep() == 0
    _publish(7, lose={7}, published_ago=120)
    with UnitOfWork() as holder:  # a sweep of this consumer holds its mark
        holder.session.execute(
            text("SELECT 1 FROM platform.redelivery_marks WHERE consumer = :c FOR UPDATE"),
            {"c": CONSUMER},
        )
        assert _sweep() == 0 and handled == []
    assert redeliver.apply(args=[CONSUMER]).get() == 1
    assert handled == [7]


def test_a_consumer_first_swept_starts_after_the_last_message_it_recorded(
    db: dict[str, str],
) -> None:
    outbox.subscribe(TOPIC, CONSUMER)
    handled.clear()
    _publish(1, 2, lose={1}, published_ago=120)  # 1 lost before the net existed
    assert _sweep() == 0
    with UnitOfWork() as uow:
        two = uow.session.scalar(text("SELECT id FROM platform.outbox WHERE payload->>'n' = '2'"))
    assert _mark() == two
    assert _sweep() == 0 and handled == [2]


def test_a_consumer_that_keeps_no_record_is_never_swept(db: dict[str, str]) -> None:
    outbox.subscribe("test.unrecorded", "test.unrecorded_consumer", recorded_in=None)
    with UnitOfWork() as uow:
        assert (
            sweep(uow.session, "test.unrecorded_consumer", now=utcnow(), grace=timedelta(seconds=1))
            == 0
        )
        assert uow.session.scalar(text("SELECT count(*) FROM platform.redelivery_marks")) == 0


def test_each_record_says_what_its_consumer_handled(db: dict[str, str]) -> None:
    from services.insights.rollups import APPLIED
    from services.insights.rollups import first_delivery as insights_applies
    from services.platform.outbox import PROCESSED

    with UnitOfWork() as uow:
        assert insights_applies(uow.session, 41) and insights_applies(uow.session, 43)
        assert first_delivery(uow.session, consumer="a", message_id=7)
        assert first_delivery(uow.session, consumer="b", message_id=9)
        uow.commit()
    with UnitOfWork() as uow:
        assert APPLIED.among(uow.session, "insights.apply", [41, 42, 43]) == {41, 43}
        assert APPLIED.last(uow.session, "insights.apply") == 43
        assert PROCESSED.among(uow.session, "a", [7, 9]) == {7}  # b's 9 is not a's
        assert PROCESSED.last(uow.session, "a") == 7 and PROCESSED.last(uow.session, "c") == 0
