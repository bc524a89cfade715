"""Journey moments from the owners' facts: live from their events, or rebuilt from their views.

The owners publish what happened as events (ARCHITECTURE.md, "Events"): orders
(``orders.changed``), scans, check-ins and appointments. Each moment is derived from a row
*as it now stands*, by one SELECT per kind written once over a row set of the owner's public
view's shape: ``from_message`` runs it over a message's items (``jsonb_populate_recordset``
into the view's row type), ``rebuild`` over the view itself. So the live path and the
rebuild apply the same rule and give the same rows; ``event_key`` (the natural key, e.g.
``order_paid:42``) makes a redelivered, repeated or late message a no-op, and since a
moment is only ever inserted, an older state arriving after a newer one overwrites nothing.

A repeat purchase is a paid order of a member who paid for an earlier one. Feedback keeps
each member's first payment (``first_purchases``, the earliest seen, whatever the order of
messages); after each batch every recorded ``order_paid`` of those members later than that
is a ``repeat_purchase`` (an earlier order arriving late turns the later ones into repeats).
Deleted rows (``removed``) take nothing away: a moment happened; erasure is
``member_data.forget_member``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

from orders.client import ORDER_LATEST_MOMENT
from orders.events import OrdersChanged
from services.feedback.scores import stage_of
from services.platform.event_schema import Fact
from services.touchpoints.events import ScansRecorded
from stores.events import AppointmentsChanged, CheckInsRecorded

#: Each topic: its fact, the list of items it carries, and the owner's view of that shape.
TOPICS: dict[str, tuple[type[Fact], str, str]] = {
    OrdersChanged.TOPIC: (OrdersChanged, "orders", "orders.public_orders"),
    ScansRecorded.TOPIC: (ScansRecorded, "scans", "touchpoints.public_scans"),
    CheckInsRecorded.TOPIC: (CheckInsRecorded, "check_ins", "stores.public_check_ins"),
    AppointmentsChanged.TOPIC: (
        AppointmentsChanged,
        "appointments",
        "stores.public_appointments",
    ),
}
#: No lower bound: a message's items give every moment they hold.
EVER = datetime(1900, 1, 1, tzinfo=UTC)
_COLUMNS = (
    "event_key, kind, stage, member_id, device_id, touchpoint_id, store_id, guide_id, "
    "product_id, ref, occurred_at, recorded_at"
)
# Each moment: (kind, view, SELECT of event_key, member_id, device_id, touchpoint_id,
# store_id, guide_id, product_id, ref, occurred_at FROM {rows} at or after :since). An
# order's moment is never after its latest one, so on the view that (indexed) bound selects
# the same rows through the index instead of reading every order.
_MOMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "scan",
        "touchpoints.public_scans",
        """SELECT 'scan:' || s.id, s.member_id, s.device_id, s.touchpoint_id, s.store_id,
                  s.guide_id, s.product_id, NULL, s.scanned_at
           FROM {rows} s
           WHERE s.scanned_at >= :since AND s.kind <> 'campaign'
             AND (s.member_id IS NOT NULL OR s.device_id IS NOT NULL)""",
    ),
    (
        "campaign_opened",
        "touchpoints.public_scans",
        """SELECT 'campaign_opened:' || s.id, s.member_id, s.device_id, s.touchpoint_id,
                  s.store_id, s.guide_id, s.product_id, s.campaign_code, s.scanned_at
           FROM {rows} s
           WHERE s.scanned_at >= :since AND s.kind = 'campaign'
             AND (s.member_id IS NOT NULL OR s.device_id IS NOT NULL)""",
    ),
    (
        "checked_in",
        "stores.public_check_ins",
        """SELECT 'checked_in:' || c.id, c.member_id, NULL, c.touchpoint_id, c.store_id,
                  NULL::int, NULL::int, NULL, c.checked_in_at
           FROM {rows} c WHERE c.checked_in_at >= :since""",
    ),
    (
        "appointment_completed",
        "stores.public_appointments",
        """SELECT 'appointment_completed:' || a.id, a.member_id, NULL, NULL::int, a.store_id,
                  a.guide_id, NULL::int, a.id::text, a.ends_at
           FROM {rows} a WHERE a.status = 'completed' AND a.ends_at >= :since""",
    ),
    *(
        (
            kind,
            "orders.public_orders",
            f"""SELECT '{kind}:' || o.id, o.member_id, NULL, o.touchpoint_id, o.store_id,
                       o.guide_id, NULL::int, o.number, {moment}
                FROM {{rows}} o
                WHERE {moment} >= :since AND {ORDER_LATEST_MOMENT} >= :since {extra}""",
        )
        for kind, moment, extra in (
            ("order_placed", "o.created_at", ""),
            ("order_paid", "o.paid_at", ""),
            ("order_ready", "o.ready_at", ""),
            ("order_picked_up", "o.closed_at", "AND o.status = 'picked_up'"),
            ("order_shipped", "o.shipped_at", ""),
            ("order_delivered", "o.closed_at", "AND o.status = 'delivered'"),
        )
    ),
)
_FIRST_PURCHASES = """
    INSERT INTO feedback.first_purchases (member_id, paid_at)
    SELECT o.member_id, min(o.paid_at) FROM {rows} o
    WHERE o.paid_at IS NOT NULL GROUP BY o.member_id
    ON CONFLICT (member_id) DO UPDATE
        SET paid_at = LEAST(feedback.first_purchases.paid_at, EXCLUDED.paid_at)
    RETURNING member_id
"""
_REPEATS = f"""
    INSERT INTO feedback.journey_events ({_COLUMNS})
    SELECT 'repeat_purchase:' || substr(e.event_key, length('order_paid:') + 1),
           'repeat_purchase', :stage, e.member_id, e.device_id, e.touchpoint_id, e.store_id,
           e.guide_id, e.product_id, e.ref, e.occurred_at, :now
    FROM feedback.journey_events e
    JOIN feedback.first_purchases f ON f.member_id = e.member_id
    WHERE e.kind = 'order_paid' AND e.occurred_at > f.paid_at AND e.occurred_at >= :since
      AND (CAST(:members AS bigint[]) IS NULL OR e.member_id = ANY(:members))
    ON CONFLICT (event_key) DO NOTHING
"""


def _record(session: Session, rows: str, view: str, params: dict[str, Any]) -> int:
    """Insert the moments of ``rows`` (a row set shaped as ``view``); how many were new."""
    added = 0
    for kind, source, select in _MOMENTS:
        if source != view:
            continue
        result = session.execute(
            text(
                f"""INSERT INTO feedback.journey_events ({_COLUMNS})
                    SELECT k, :kind, :stage, m, d, tp, st, g, p, r, at, :now
                    FROM ({select.format(rows=rows)}) AS src(k, m, d, tp, st, g, p, r, at)
                    ON CONFLICT (event_key) DO NOTHING"""
            ),
            {**params, "kind": kind, "stage": stage_of(kind)},
        )
        added += result.rowcount  # type: ignore[attr-defined]
    return added


def _repeats(session: Session, rows: str, params: dict[str, Any], *, every: bool) -> int:
    """First payments from ``rows``, then the repeats of their members (``every``: of all)."""
    members = list(session.scalars(text(_FIRST_PURCHASES.format(rows=rows)), params))
    result = session.execute(
        text(_REPEATS),
        {**params, "members": None if every else members, "stage": stage_of("repeat_purchase")},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def from_message(session: Session, topic: str, payload: dict[str, Any], *, now: datetime) -> int:
    """Record the moments one owner's message holds; how many were new."""
    fact, field, view = TOPICS[topic]
    parsed = fact.parse(payload)
    items: list[BaseModel] = getattr(parsed, field)
    if not items:
        return 0
    rows = f"jsonb_populate_recordset(NULL::{view}, CAST(:items AS jsonb))"
    params = {
        "items": json.dumps([item.model_dump(mode="json", exclude={"facts"}) for item in items]),
        "since": EVER,
        "now": now,
    }
    added = _record(session, rows, view, params)
    if view == "orders.public_orders":
        added += _repeats(session, rows, params, every=False)
    return added


def rebuild(session: Session, *, since: datetime, now: datetime) -> int:
    """Record every moment since ``since`` from the owners' views (a backfill after a bulk
    load, or a lost consumer); what is already recorded stays. How many were new."""
    params = {"since": since, "now": now}
    added = 0
    for _, _, view in TOPICS.values():
        added += _record(session, view, view, params)
    # First payments over every order (not only the window): a repeat looks back for ever.
    return added + _repeats(session, "orders.public_orders", params, every=True)
