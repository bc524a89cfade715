"""The customer journey: each meaningful moment recorded once, with its stage.

Three ways in, none on a hot path:

* The owners' events (orders, scans, check-ins, appointments) are consumed as they are
  relayed (``moments.from_message``, ``tasks``); ``moments.rebuild`` backfills the same
  moments from the owners' public views after a bulk load (the demo seed) or on demand
  (``o2o feedback rebuild-journey``). ``event_key`` (the natural key, e.g.
  ``order_paid:42``) makes every repeated message or run a no-op for what it already saw.
* Product views, availability checks and checkout previews are queued in the worker by the
  route and sent to a Redis list in batches (``notes``); ``drain`` (beat, every few
  seconds) moves the list into the table in batches.
* A closed service case arrives as a ``case.closed`` outbox message (``tasks``), written
  in the transaction that closed it; ``record_case_closed`` keys it by the case.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import redis
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.feedback.models import JourneyEvent
from services.feedback.scores import stage_of

BUFFER = "journey:buffer"
BUFFERED_KINDS = frozenset({"product_viewed", "availability_checked", "checkout_previewed"})


def record(
    session: Session,
    *,
    event_key: str,
    kind: str,
    occurred_at: datetime,
    member_id: int | None = None,
    device_id: str | None = None,
    touchpoint_id: int | None = None,
    store_id: int | None = None,
    guide_id: int | None = None,
    product_id: int | None = None,
    ref: str | None = None,
) -> None:
    """Record one moment in the caller's transaction (once per ``event_key``)."""
    session.execute(
        insert(JourneyEvent)
        .values(
            event_key=event_key,
            kind=kind,
            stage=stage_of(kind),
            member_id=member_id,
            device_id=device_id,
            touchpoint_id=touchpoint_id,
            store_id=store_id,
            guide_id=guide_id,
            product_id=product_id,
            ref=ref,
            occurred_at=occurred_at,
            recorded_at=occurred_at,
        )
        .on_conflict_do_nothing(index_elements=["event_key"])
    )


def record_case_closed(session: Session, payload: dict[str, Any]) -> None:
    """A ``case.closed`` message as a moment; keyed by the case, so a redelivered or
    repeated message records it once (and so invites once)."""
    record(
        session,
        event_key=f"case_closed:{payload['case_id']}",
        kind="case_closed",
        occurred_at=datetime.fromisoformat(payload["closed_at"]),
        member_id=payload["member_id"],
        store_id=payload["store_id"],
        ref=payload["kind"],
    )


def buffered(
    kind: str,
    *,
    member_id: int | None,
    device_id: str | None,
    at: datetime,
    product_id: int | None = None,
    store_id: int | None = None,
    ref: str | None = None,
) -> str | None:
    """The buffer entry for a noted moment; None when nobody can be named (no member, no
    device: an anonymous view that could never be joined to anyone is not worth a row)."""
    if kind not in BUFFERED_KINDS:
        raise KeyError(kind)
    if member_id is None and not device_id:
        return None
    return json.dumps(
        {
            "key": f"{kind}:{uuid.uuid4().hex}",
            "kind": kind,
            "member_id": member_id,
            "device_id": device_id,
            "product_id": product_id,
            "store_id": store_id,
            "ref": ref[:64] if ref else None,
            "at": at.isoformat(),
        }
    )


def drain(session: Session, client: redis.Redis, *, now: datetime, batch: int = 1000) -> int:
    """Move up to ``batch`` buffered moments into the table in one insert; returns how many.

    Popped before the insert commits: a crash in between loses that batch of views
    (accepted: they are measurements, not money).
    """
    raw: list[str] | None = client.lpop(BUFFER, batch)  # type: ignore[assignment]
    if not raw:
        return 0
    rows = []
    for item in raw:
        entry = json.loads(item)
        rows.append(
            {
                "event_key": entry["key"],
                "kind": entry["kind"],
                "stage": stage_of(entry["kind"]),
                "member_id": entry["member_id"],
                "device_id": entry["device_id"],
                "touchpoint_id": None,
                "store_id": entry["store_id"],
                "guide_id": None,
                "product_id": entry["product_id"],
                "ref": entry["ref"],
                "occurred_at": datetime.fromisoformat(entry["at"]),
                "recorded_at": now,
            }
        )
    session.execute(insert(JourneyEvent).on_conflict_do_nothing(index_elements=["event_key"]), rows)
    return len(rows)


def join_device_events(session: Session, *, member_id: int, device_id: str, since: datetime) -> int:
    """Give the member the anonymous moments recorded on their device since ``since``."""
    result = session.execute(
        update(JourneyEvent)
        .where(
            JourneyEvent.device_id == device_id,
            JourneyEvent.member_id.is_(None),
            JourneyEvent.occurred_at >= since,
        )
        .values(member_id=member_id)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
