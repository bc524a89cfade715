"""A store's sold-out mark per SKU, in Redis: after the last unit, refusals never reach
PostgreSQL.

The mark is a cache of a refusal the database made, never a decision of its own. What
holds it true:

- It is set only right after the database refused a cart because a line had no unit free
  at the store (``orders.stock_notes``: not a short quantity, not the shopper's own try-on),
  and only if no stock came back since the request looked: each store and SKU has a
  version, bumped after every commit that returns units (``reopen``), and the mark is a
  compare-and-set on the version the request read before going to the database.
- ``reopen`` (a release, a receipt: ``inventory.reservations`` and ``inventory.ledger``)
  removes the mark after its commit, so the next buyer goes to the database at once.
- It expires after ``sold_out_mark_ms`` whatever happens: units that come back without a
  ``reopen`` (a bulk import, a crash between the commit and Redis, a lost Redis write) are
  refused at most that long, never for good.
- It only refuses. A sale is always decided by ``inventory.take_stock``: a missing or
  expired mark costs a database trip, never a unit sold twice.
- A retry of an Idempotency-Key the store saw before is never refused by the mark (the
  first try may have placed the order): it goes to the database and gets its stored answer.
  The keys seen are remembered with ``claim`` before any database work, for as long as
  the database keeps answers.

What it does not know: the shopper's own try-on holds. A shopper whose try-on appointment
holds the SKU's units at that store hears the mark's "not enough stock" rather than
"held for your try-on" while a mark stands (a refusal either way: the units are theirs to
buy at the appointment); the database's refusal, which names that reason, never sets a mark.

The invariant the race test checks (tests/integration/test_sold_out_mark_races.py): once
the last units and a restock have settled, a buyer is never refused while a unit is free
for longer than the mark lives, and no unit is sold twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.models import Location
from services.platform.errors import Conflict
from services.platform.uow import on_commit

# Stored with the idempotency answers' lifetime: a retry within it must reach the database.
CLAIM_SECONDS = 24 * 3600
# Set the mark only if the version is still the one the request read (absent is "0").
_SET_IF_UNCHANGED = """
local seen = redis.call('GET', KEYS[2]) or '0'
if seen == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""


def _mark(store_id: int, sku_id: int) -> str:
    return f"inv:soldout:{store_id}:{sku_id}"


def _version(store_id: int, sku_id: int) -> str:
    return f"inv:soldout:v:{store_id}:{sku_id}"


@dataclass(frozen=True)
class Look:
    """What a placement saw before the database: a refusal the mark answers, or the versions
    a mark set after the database's refusal must still find."""

    refusal: Conflict | None
    versions: dict[int, str]


class SoldOut(Conflict):
    """``out_of_stock`` because no unit of the SKU is free at the store (for anyone): the
    one refusal a mark may repeat (``orders.stock_notes`` raises it)."""


async def look(
    redis: Any, *, store_id: int, sku_ids: Sequence[int], claim: str | None, ttl_ms: int
) -> Look:
    """One Redis round trip: remember ``claim`` (the request's idempotency scope and key),
    read the cart's marks, their remaining lives and versions. ``refusal`` is the stored
    ``out_of_stock`` when a line is marked and the key is new here.

    In a mark's last third, one shopper (the first to take a short lease) is let through to
    the database, whose refusal marks the SKU afresh: a long sell-out costs one database
    refusal per mark's life, not every shopper arriving in the moment after it lapsed.
    """
    skus = sorted(set(sku_ids))
    marks = [_mark(store_id, sku) for sku in skus]
    pipe = redis.pipeline(transaction=False)
    if claim is not None:
        pipe.set(f"inv:claim:{claim}", "1", nx=True, ex=CLAIM_SECONDS)
    pipe.mget(marks)
    pipe.mget([_version(store_id, sku) for sku in skus])
    for key in marks:
        pipe.pttl(key)
    answers = await pipe.execute()
    first_seen = bool(answers[0]) if claim is not None else True
    stored, versions, lives = (
        answers[-2 - len(skus)],
        answers[-1 - len(skus)],
        answers[-len(skus) :],
    )
    seen = {sku: _text(v) or "0" for sku, v in zip(skus, versions, strict=True)}
    marked = next((i for i, value in enumerate(stored) if value is not None), None)
    if marked is None or not first_seen or ttl_ms <= 0:
        return Look(None, seen)
    if 0 <= int(lives[marked]) < ttl_ms // 3:
        lease = max(1, ttl_ms // 3)
        if await redis.set(f"{marks[marked]}:ask", "1", nx=True, px=lease):
            return Look(None, seen)  # this shopper asks the database again
    answer = json.loads(_text(stored[marked]))
    refusal = Conflict(answer["message"], code="out_of_stock", details=answer["details"])
    return Look(refusal, seen)


async def remember(
    redis: Any, seen: Look, *, store_id: int, sku_id: int, refusal: Conflict, ttl_ms: int
) -> None:
    """Mark ``sku_id`` sold out at the store with the database's ``refusal``, unless stock
    came back since ``seen`` was read (then the next buyer asks the database)."""
    if ttl_ms <= 0 or sku_id not in seen.versions:
        return
    answer = json.dumps({"message": refusal.message, "details": refusal.details})
    await redis.eval(
        _SET_IF_UNCHANGED,
        2,
        _mark(store_id, sku_id),
        _version(store_id, sku_id),
        seen.versions[sku_id],
        answer,
        ttl_ms,
    )


def reopen(session: Session, *, location_id: int, sku_ids: Sequence[int]) -> None:
    """Units of ``sku_ids`` come back at ``location_id`` in this transaction: after its
    commit, the store's marks go and their versions move on (a refusal read before it can
    no longer set one). Best effort, as every after-commit hook: the mark's life bounds a
    miss."""
    if not sku_ids:
        return
    store_id = session.scalar(select(Location.store_id).where(Location.id == location_id))
    if store_id is None:  # a warehouse: no store sells from it over the counter
        return
    skus = sorted(set(sku_ids))
    on_commit(session, lambda: _reopen_now(int(store_id), skus))


def _reopen_now(store_id: int, sku_ids: Sequence[int]) -> None:
    from services.platform.cache import get_redis

    pipe = get_redis().pipeline(transaction=True)
    for sku in sku_ids:
        pipe.incr(_version(store_id, sku))
        pipe.expire(_version(store_id, sku), CLAIM_SECONDS)  # idle versions leave
        pipe.delete(_mark(store_id, sku))
    pipe.execute()


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value) if value is not None else ""
