"""Whether a coupon applies to a cart, and how much it takes off: pure, no database.

The one implementation of coupon eligibility; the wallet, the checkout preview and
placing an order all ask it. Rounding: a percentage off is rounded down to the fen
(the shopper never gets more than the stated percentage), then capped by the
coupon's ``max_off_fen``, and never more than the lines it applies to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class CouponTerms:
    """A coupon definition as the rules read it (an empty scope means any)."""

    kind: str  # "amount_off" | "percent_off"
    valid_from: datetime
    valid_until: datetime
    amount_off_fen: int | None = None
    percent_off: int | None = None
    max_off_fen: int | None = None
    min_spend_fen: int = 0
    currency: str = "CNY"
    channels: tuple[str, ...] = ()
    region_ids: tuple[int, ...] = ()
    store_ids: tuple[int, ...] = ()
    sku_ids: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class CartLine:
    sku_id: int
    category: str
    amount_fen: int  # unit price x quantity


@dataclass(frozen=True)
class Cart:
    """Where and what the shopper is buying. Delivery orders have no store or region."""

    lines: Sequence[CartLine]
    channel: str
    currency: str = "CNY"
    store_id: int | None = None
    region_id: int | None = None


@dataclass(frozen=True)
class Applied:
    """The coupon applies: ``off_fen`` comes off the lines in ``sku_ids``."""

    off_fen: int
    sku_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Refused:
    """The coupon does not apply; ``reason`` is stable (shown in ``details.reason``)."""

    reason: str
    details: dict[str, object] = field(default_factory=dict)


def in_scope(terms: CouponTerms, line: CartLine) -> bool:
    """A line counts when no SKU or category is named, or its SKU or category is."""
    if not terms.sku_ids and not terms.categories:
        return True
    return line.sku_id in terms.sku_ids or line.category in terms.categories


def usable_at(terms: CouponTerms, now: datetime) -> bool:
    """Inside the coupon's window: ``valid_from <= now < valid_until``."""
    return terms.valid_from <= now < terms.valid_until


def off_fen(terms: CouponTerms, eligible_fen: int) -> int:
    """What the coupon takes off ``eligible_fen`` (rounded down, capped, never more)."""
    if terms.kind == "amount_off":
        assert terms.amount_off_fen is not None
        off = terms.amount_off_fen
    else:
        assert terms.percent_off is not None
        off = eligible_fen * terms.percent_off // 100
    if terms.max_off_fen is not None:
        off = min(off, terms.max_off_fen)
    return max(0, min(off, eligible_fen))


def apply(terms: CouponTerms, cart: Cart, now: datetime) -> Applied | Refused:
    """Applied with the amount off, or Refused with the first reason it does not apply.

    Minimum spend counts the lines in the coupon's scope only (a coupon for jackets
    needs that much spent on jackets).
    """
    if now < terms.valid_from:
        return Refused("not_started", {"valid_from": terms.valid_from.isoformat()})
    if now >= terms.valid_until:
        return Refused("expired", {"valid_until": terms.valid_until.isoformat()})
    if cart.currency != terms.currency:
        return Refused("currency", {"currency": terms.currency})
    if terms.channels and cart.channel not in terms.channels:
        return Refused("channel", {"channels": list(terms.channels)})
    if terms.store_ids and cart.store_id not in terms.store_ids:
        return Refused("store", {"store_ids": list(terms.store_ids)})
    if terms.region_ids and cart.region_id not in terms.region_ids:
        return Refused("region", {"region_ids": list(terms.region_ids)})
    lines = [line for line in cart.lines if in_scope(terms, line)]
    if not lines:
        return Refused("no_eligible_items")
    eligible = sum(line.amount_fen for line in lines)
    if eligible < terms.min_spend_fen:
        return Refused("min_spend", {"min_spend_fen": terms.min_spend_fen, "spent_fen": eligible})
    return Applied(off_fen(terms, eligible), frozenset(line.sku_id for line in lines))


def wallet_state(*, status: str, valid_from: datetime, valid_until: datetime, now: datetime) -> str:
    """How the wallet shows a coupon: redeemed (an order holds it), expired, upcoming, usable."""
    if status == "redeemed":
        return "redeemed"
    if now >= valid_until:
        return "expired"
    if now < valid_from:
        return "upcoming"
    return "usable"
