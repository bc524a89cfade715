"""Raw journey moments past retention become daily counts, then go.

A moment someone was invited to answer about stays (its invitation points at it, and the
answer's context is that moment); every other expired moment is folded into
``journey_days`` (kind, stage, store) and deleted in the same statement.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

_PRUNE = text(
    """
    WITH gone AS (
      DELETE FROM feedback.journey_events WHERE id IN (
        SELECT e.id FROM feedback.journey_events e
        WHERE e.occurred_at < :before
          AND NOT EXISTS (SELECT 1 FROM feedback.invitations i WHERE i.journey_event_id = e.id)
        ORDER BY e.id LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING occurred_at, kind, stage, store_id
    ), days AS (
      INSERT INTO feedback.journey_days (day, kind, stage, store_id, events)
      SELECT (occurred_at AT TIME ZONE 'UTC')::date, kind, stage, coalesce(store_id, 0),
             count(*)
      FROM gone GROUP BY 1, 2, 3, 4
      ON CONFLICT (day, kind, stage, store_id) DO UPDATE
        SET events = feedback.journey_days.events + EXCLUDED.events
    )
    SELECT count(*) FROM gone
    """
)


def prune_journey(session: Session, *, before: datetime, batch: int) -> int:
    """Fold and delete up to ``batch`` moments older than ``before``; how many went."""
    return int(session.execute(_PRUNE, {"before": before, "batch": batch}).scalar_one())
