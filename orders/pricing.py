"""The one price calculation: lines, a coupon and points -> what each line and the order cost.

Pure (no database); the checkout preview and order placement both call ``price``,
so a preview and the order placed from the same cart always agree.

Rounding, all in integer fen:
1. A line costs ``unit_price_fen * quantity``.
2. A coupon's amount off and the lines it covers are decided by promotions
   (``services.promotions.rules.apply``: eligibility, minimum spend, percent
   floored to the fen, cap); here it arrives as a ``CouponDiscount`` and is cut
   to what its lines cost.
3. Points buy fen at ``points_per_yuan`` points a yuan (floored to the fen), at
   most ``max_share_percent`` of what the coupon left (floored); only the points
   needed for that discount are taken (rounded up).
4. Neither discount may take the order below 1 fen: a payment of nothing
   cannot go through a gateway.
5. Each discount is spread over its lines in proportion to their amounts
   (the coupon over its eligible lines at their full price, points over every
   line after its coupon share), floored, and the fen left over go one each to
   the lines with the largest remainders (ties: the lower SKU id): the line
   discounts always sum to the order's, and no line goes below zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from inventory.schemas import SkuSnapshot
from services.platform.settings import Settings


@dataclass(frozen=True)
class CouponDiscount:
    """A coupon that applies to the cart: ``off_fen`` off the lines in ``sku_ids``.

    Promotions decides both (``services.promotions.rules.Applied``); ``sku_ids``
    None means every line.
    """

    off_fen: int
    sku_ids: frozenset[int] | None = None


@dataclass(frozen=True)
class PointsRule:
    """How points pay: ``points_per_yuan`` (100: a point is a fen) and the share they may pay."""

    points_per_yuan: int = 100
    max_share_percent: int = 50


@dataclass(frozen=True)
class CartItem:
    sku_id: int
    unit_price_fen: int
    quantity: int


@dataclass(frozen=True)
class PricedLine:
    sku_id: int
    unit_price_fen: int
    quantity: int
    line_total_fen: int
    coupon_discount_fen: int
    points_discount_fen: int

    @property
    def paid_fen(self) -> int:
        return self.line_total_fen - self.coupon_discount_fen - self.points_discount_fen


@dataclass(frozen=True)
class Priced:
    lines: tuple[PricedLine, ...]
    subtotal_fen: int
    coupon_discount_fen: int
    points_spent: int
    points_discount_fen: int
    #: The most points this cart could use (shown by the preview).
    points_max: int

    @property
    def to_pay_fen(self) -> int:
        return self.subtotal_fen - self.coupon_discount_fen - self.points_discount_fen


def price(
    items: Sequence[CartItem],
    *,
    coupon: CouponDiscount | None = None,
    points: int = 0,
    rule: PointsRule = PointsRule(),
) -> Priced:
    """Price ``items`` with an optional coupon and up to ``points`` points (see the module)."""
    items = sorted(items, key=lambda i: i.sku_id)
    if not items or any(i.unit_price_fen <= 0 or i.quantity <= 0 for i in items):
        raise ValueError("a priced cart has lines with positive prices and quantities")
    if points < 0:
        raise ValueError("points cannot be negative")
    totals = [i.unit_price_fen * i.quantity for i in items]
    subtotal = sum(totals)
    # A line's weight for the coupon: its total if the coupon covers it, else nothing.
    covered = [
        t if coupon is not None and _eligible(coupon, i.sku_id) else 0
        for i, t in zip(items, totals, strict=True)
    ]
    coupon_fen = _coupon_discount(coupon, covered, subtotal)
    coupon_lines = allocate(coupon_fen, covered)
    after_coupon = [t - c for t, c in zip(totals, coupon_lines, strict=True)]
    points_cap_fen = min(sum(after_coupon) * rule.max_share_percent // 100, sum(after_coupon) - 1)
    points_fen = min(points * 100 // rule.points_per_yuan, points_cap_fen)
    points_lines = allocate(points_fen, after_coupon)
    return Priced(
        lines=tuple(
            PricedLine(i.sku_id, i.unit_price_fen, i.quantity, t, c, p)
            for i, t, c, p in zip(items, totals, coupon_lines, points_lines, strict=True)
        ),
        subtotal_fen=subtotal,
        coupon_discount_fen=coupon_fen,
        points_spent=points_for(points_fen, rule),
        points_discount_fen=points_fen,
        points_max=points_for(points_cap_fen, rule),
    )


def price_cart(
    wanted: Mapping[int, int],
    snapshots: Mapping[int, SkuSnapshot],
    *,
    points: int,
    coupon: CouponDiscount | None,
    settings: Settings,
) -> Priced:
    """The cart at its snapshot prices, with the settings' points rule: preview and placement."""
    items = [CartItem(sku, snapshots[sku].price_fen, qty) for sku, qty in wanted.items()]
    return price(items, coupon=coupon, points=points, rule=points_rule(settings))


def points_rule(settings: Settings) -> PointsRule:
    return PointsRule(
        points_per_yuan=settings.points_per_yuan,
        max_share_percent=settings.points_max_share_percent,
    )


def points_for(fen: int, rule: PointsRule) -> int:
    """The fewest points that buy ``fen`` (rounded up: a fen is never given for less)."""
    return -(-fen * rule.points_per_yuan // 100)


def _eligible(coupon: CouponDiscount, sku_id: int) -> bool:
    return coupon.sku_ids is None or sku_id in coupon.sku_ids


def _coupon_discount(coupon: CouponDiscount | None, covered: list[int], subtotal: int) -> int:
    if coupon is None:
        return 0
    if not any(covered):
        raise ValueError("a coupon discount covers at least one line of the cart")
    return max(0, min(coupon.off_fen, sum(covered), subtotal - 1))


def allocate(amount: int, weights: Iterable[int]) -> list[int]:
    """Split ``amount`` over ``weights`` in proportion, largest remainder first (ties: first).

    The parts sum to ``amount`` and none exceeds its weight (``amount`` is at
    most the weights' sum).
    """
    weights = list(weights)
    total = sum(weights)
    if amount == 0:
        return [0] * len(weights)
    if not 0 < amount <= total:
        raise ValueError("cannot allocate more than the weights hold")
    parts = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    left = amount - sum(parts)
    for index in sorted(range(len(weights)), key=lambda k: -remainders[k])[:left]:
        parts[index] += 1
    return parts


def points_earned(*, paid_fen: int, points_per_yuan_paid: int) -> int:
    """Points an order earns when it completes: per whole yuan of money kept, floored."""
    return max(0, paid_fen) * points_per_yuan_paid // 100


@dataclass(frozen=True)
class RefundPoints:
    """What a money refund does to points: spent points given back, earned ones taken back."""

    returned: int
    taken_back: int


def refund_points(
    *,
    paid_fen: int,
    refunded_before_fen: int,
    refund_fen: int,
    points_spent: int,
    points_earned: int,
) -> RefundPoints:
    """Split a refund fairly: points go back in the proportion the money does.

    Refunding a share of the money paid gives back the same share of the points
    spent (the shopper paid with both) and takes back that share of the points
    earned. Counted on the cumulative refund and floored, so partial refunds add
    up to exactly what a full refund gives: every point spent, every point earned.
    """
    if not 0 < refund_fen <= paid_fen - refunded_before_fen:
        raise ValueError("a refund is positive and at most what is left of the payment")
    after = refunded_before_fen + refund_fen

    def share(points: int, refunded: int) -> int:
        return points * refunded // paid_fen

    return RefundPoints(
        returned=share(points_spent, after) - share(points_spent, refunded_before_fen),
        taken_back=share(points_earned, after) - share(points_earned, refunded_before_fen),
    )
