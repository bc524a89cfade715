"""Raw scans past retention become daily counts per touchpoint, then go.

One statement per batch deletes the oldest expired scans and adds them to ``scan_days`` in
the same transaction, so a scan is counted exactly once whether or not the batch commits.
Readers keep what they already counted: the deletion publishes nothing
(``publishing.SUPPRESS``), so no reader takes the scans back out of its copies (a full
rebuild from the public views afterwards would: it recounts from raw rows).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.platform import publishing

_PRUNE = text(
    """
    WITH gone AS (
      DELETE FROM touchpoints.scans WHERE id IN (
        SELECT id FROM touchpoints.scans WHERE scanned_at < :before
        ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING touchpoint_id, scanned_at, member_id
    ), days AS (
      INSERT INTO touchpoints.scan_days (day, touchpoint_id, scans, member_scans)
      SELECT (scanned_at AT TIME ZONE 'UTC')::date, touchpoint_id, count(*), count(member_id)
      FROM gone GROUP BY 1, 2
      ON CONFLICT (day, touchpoint_id) DO UPDATE
        SET scans = touchpoints.scan_days.scans + EXCLUDED.scans,
            member_scans = touchpoints.scan_days.member_scans + EXCLUDED.member_scans
    )
    SELECT count(*) FROM gone
    """
)


def prune_scans(session: Session, *, before: datetime, batch: int) -> int:
    """Fold and delete up to ``batch`` scans older than ``before``; how many went."""
    session.execute(text(publishing.SUPPRESS))
    return int(session.execute(_PRUNE, {"before": before, "batch": batch}).scalar_one())
