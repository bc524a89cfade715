"""The price in force: one rule, read by every touchpoint, applied by beat once.

A price is a function of time. ``price_now()`` is the newest change that is due
(``effective_at <= now()``) and not yet applied, else ``Sku.price_fen``; every read
(the catalog, availability, the shelf QR answer, placing's snapshot) compiles it
into its own statement, so all of them switch at the same instant, before beat has
run. ``apply_due`` (beat, and every immediate price change) then copies due
changes into ``Sku.price_fen`` and audits them, exactly once: the pending rows are
locked ``SKIP LOCKED`` and their status moves in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, Label, func, literal_column, select, update
from sqlalchemy.orm import Session

from inventory import audit
from inventory.models import PriceChange, Sku

#: A scheduled change must start at least this far ahead: a "scheduled" change that is
#: already due would be a second way to make an immediate one.
MIN_LEAD = timedelta(seconds=5)
#: And no further ahead than this (a typo in the year is not a plan).
MAX_LEAD = timedelta(days=366)


#: The newest due pending change, else the SKU's own price. Plain text (no bound values),
#: so it compiles into statements that psycopg and asyncpg run with their own parameters;
#: it names ``inventory.skus`` itself, so the outer statement must not alias that table.
_PRICE_NOW = """coalesce(
    (SELECT pc.price_fen FROM inventory.price_changes pc
      WHERE pc.sku_id = inventory.skus.id AND pc.status = 'scheduled'
        AND pc.effective_at <= now()
      ORDER BY pc.effective_at DESC, pc.id DESC LIMIT 1),
    inventory.skus.price_fen)"""


def price_now() -> Label[int]:
    """The SKU's price now, for a statement that selects from ``Sku`` (labelled ``price_fen``).

    The probe reads the partial index of pending changes only, so its cost does not
    grow with the price history.
    """
    return literal_column(_PRICE_NOW, Integer).label("price_fen")


def schedule_refusal(*, effective_at: datetime, now: datetime) -> str | None:
    """Why a change cannot be scheduled for ``effective_at`` (a code), or None."""
    if effective_at.tzinfo is None:
        return "price_time_without_zone"
    if effective_at < now + MIN_LEAD:
        return "price_time_past"
    if effective_at > now + MAX_LEAD:
        return "price_time_too_far"
    return None


@dataclass(frozen=True)
class Applied:
    sku_id: int
    change_id: int
    before: int
    after: int


def apply_due(*, session: Session, sku_ids: Sequence[int] | None = None) -> list[Applied]:
    """Copy every due change into its SKU's price, once, and audit it; newest due wins.

    ``sku_ids`` narrows it to those SKUs (an immediate price change first settles what
    was due, so an older scheduled price can never land over a newer one).
    """
    pending = (
        select(PriceChange)
        .where(PriceChange.status == "scheduled", PriceChange.effective_at <= func.now())
        .order_by(PriceChange.sku_id, PriceChange.effective_at, PriceChange.id)
        .with_for_update(skip_locked=True)
    )
    if sku_ids is not None:
        pending = pending.where(PriceChange.sku_id.in_(list(sku_ids)))
    due = list(session.scalars(pending))
    if not due:
        return []
    newest = {change.sku_id: change for change in due}  # ordered: the last one per SKU wins
    skus = {
        sku.id: sku
        for sku in session.scalars(
            select(Sku).where(Sku.id.in_(list(newest))).order_by(Sku.id).with_for_update()
        )
    }
    session.execute(
        update(PriceChange)
        .where(PriceChange.id.in_([c.id for c in due]))
        .values(status="applied", applied_at=func.now())
    )
    applied = []
    for sku_id, change in newest.items():
        sku = skus[sku_id]
        applied.append(Applied(sku_id, change.id, sku.price_fen, change.price_fen))
        audit.record(
            session,
            actor=audit.SCHEDULE,
            entity="price",
            entity_id=sku_id,
            action="price_applied",
            before={"price_fen": sku.price_fen},
            after={"price_fen": change.price_fen, "change_id": change.id},
            source=f"price-change:{change.id}",
        )
        sku.price_fen = change.price_fen
    session.flush()
    return applied


def set_now(
    *, session: Session, prices: Mapping[int, int], actor: audit.Actor
) -> list[PriceChange]:
    """Each SKU's price becomes its new one now, in SKU order, audited.

    What was due is settled first (``apply_due``), so the history keeps its order and
    beat cannot later land an older price over this one.
    """
    sku_ids = sorted(prices)
    apply_due(session=session, sku_ids=sku_ids)
    skus = {
        sku.id: sku
        for sku in session.scalars(
            select(Sku)
            .where(Sku.id.in_(sku_ids))
            .order_by(Sku.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    changes = []
    for sku_id in sku_ids:
        sku = skus[sku_id]
        change = PriceChange(
            sku_id=sku_id,
            price_fen=prices[sku_id],
            effective_at=func.now(),
            status="applied",
            applied_at=func.now(),
            actor_role=actor.role,
            actor_id=actor.id,
        )
        session.add(change)
        session.flush()
        audit.record(
            session,
            actor=actor,
            entity="price",
            entity_id=sku_id,
            action="price_set",
            before={"price_fen": sku.price_fen},
            after={"price_fen": prices[sku_id], "change_id": change.id},
        )
        sku.price_fen = prices[sku_id]
        changes.append(change)
    session.flush()
    for change in changes:
        session.refresh(change)
    return changes
