"""Apply an ERP's stock levels: each batch whole or not at all, once per batch id.

A level becomes an adjustment (reason ``count_correction``, source ``import``,
``source_id`` ``batch/line``) for the difference from on-hand, written by the
ledger like every other change: ``lock_rows``, ``refusal`` per line (never below
what is reserved), ``write``. Lines travel as arrays, so a batch of 10,000 lines
costs a handful of statements. Each batch runs in a savepoint: a rejected batch
leaves nothing behind, not even its claim, so it can be sent again corrected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from inventory import ledger, stock_feed
from inventory.import_schemas import BatchReport, RejectedLine
from inventory.ledger import Level, Staff
from inventory.models import Location, Sku, StockImportBatch
from inventory.stock_feed import FeedBatch, Rejection, Resolved
from stores.client import LocalStoresClient


@dataclass(frozen=True)
class Importer:
    """Who imports: HQ or the CLI (``region_ids`` None: every location), or a regional
    manager (the stores of their regions only)."""

    region_ids: tuple[int, ...] | None
    staff: Staff | None


class _Rejected(Exception):
    """Unwinds the batch's savepoint; carries its report."""

    def __init__(self, report: BatchReport) -> None:
        self.report = report


def _lookups(
    session: Session, batch: FeedBatch, importer: Importer
) -> tuple[dict[str, int], dict[str, int]]:
    sku_codes, location_codes = stock_feed.codes(batch.lines)
    skus = dict(session.execute(select(Sku.code, Sku.id).where(Sku.code.in_(sku_codes))).all())
    rows = session.execute(
        select(Location.code, Location.id, Location.store_id).where(
            Location.code.in_(location_codes), Location.active.is_(True)
        )
    ).all()
    if importer.region_ids is None:
        return skus, {code: id_ for code, id_, _ in rows}
    # A regional manager stocks their regions' stores; warehouses belong to no region.
    stores = set(LocalStoresClient(session).store_ids_in(importer.region_ids))
    return skus, {code: id_ for code, id_, store_id in rows if store_id in stores}


def _report(
    batch: FeedBatch,
    status: str,
    *,
    moved: int = 0,
    reason: str | None = None,
    rejected: list[Rejection] | None = None,
) -> BatchReport:
    rejected = sorted(rejected or [], key=lambda r: r.line)
    return BatchReport.model_validate(
        {
            "batch_id": batch.batch_id,
            "status": status,
            "reason": reason,
            "lines": len(batch.lines),
            "moved": moved,
            "rejected_count": len(rejected),
            "rejected_lines": [
                RejectedLine.model_validate(r.__dict__)
                for r in rejected[: stock_feed.REPORTED_REJECTIONS]
            ],
        }
    )


def _below_reserved(resolved: list[Resolved], levels: dict[ledger.Key, Level]) -> list[Rejection]:
    rejected = []
    for r in resolved:
        level = levels[(r.location_id, r.sku_id)]
        target = r.line.on_hand or 0
        if ledger.refusal(level, delta=target - level.on_hand) is not None:
            rejected.append(
                Rejection(
                    r.line.line,
                    r.line.line_id,
                    "below_reserved",
                    f"on_hand {target} is below the {level.reserved} units reserved for shoppers",
                )
            )
    return rejected


def _apply(session: Session, batch: FeedBatch, importer: Importer) -> BatchReport:
    skus, locations = _lookups(session, batch, importer)
    resolved, rejected = stock_feed.check(batch, skus=skus, locations=locations)
    if rejected:
        raise _Rejected(_report(batch, "rejected", reason="rejected_lines", rejected=rejected))
    # Claimed before the rows are locked: a concurrent repeat waits here, then finds it taken.
    digest = batch.digest()
    staff = importer.staff
    claimed = session.execute(
        pg_insert(StockImportBatch)
        .values(
            batch_id=batch.batch_id,
            digest=digest,
            lines=len(batch.lines),
            staff_role=staff.role if staff else None,
            staff_id=staff.id if staff else None,
        )
        .on_conflict_do_nothing()
        .returning(StockImportBatch.batch_id)
    ).first()
    if claimed is None:
        earlier = session.scalar(
            select(StockImportBatch.digest).where(StockImportBatch.batch_id == batch.batch_id)
        )
        if earlier == digest:
            return _report(batch, "already_applied")
        raise _Rejected(_report(batch, "rejected", reason="batch_reused"))
    levels = ledger.lock_rows(session=session, keys=[(r.location_id, r.sku_id) for r in resolved])
    rejected = _below_reserved(resolved, levels)
    if rejected:
        raise _Rejected(_report(batch, "rejected", reason="rejected_lines", rejected=rejected))
    lines = [
        ledger.Line(
            r.location_id,
            r.sku_id,
            (r.line.on_hand or 0) - levels[(r.location_id, r.sku_id)].on_hand,
            f"{batch.batch_id}/{r.line.line_id}",
        )
        for r in resolved
    ]
    ledger.write(
        session=session,
        lines=lines,
        kind="adjustment",
        reason="count_correction",
        source_type="import",
        staff=staff,
    )
    return _report(batch, "applied", moved=sum(1 for line in lines if line.delta))


def apply_batch(*, session: Session, batch: FeedBatch, importer: Importer) -> BatchReport:
    """One batch in a savepoint of the caller's transaction: applied whole, or nothing."""
    try:
        with session.begin_nested():
            return _apply(session, batch, importer)
    except _Rejected as rejected:
        return rejected.report


def apply_batches(
    *,
    session: Session,
    batches: Iterable[FeedBatch],
    importer: Importer,
    after_each: Callable[[BatchReport], None] | None = None,
) -> list[BatchReport]:
    """Every batch in turn, each whole or not at all; ``after_each`` may commit."""
    reports = []
    for batch in batches:
        report = apply_batch(session=session, batch=batch, importer=importer)
        reports.append(report)
        if after_each is not None:
            after_each(report)
    return reports
