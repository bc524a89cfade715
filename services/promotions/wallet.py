"""A member's coupons: the wallet they see, and the terms checkout applies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.platform.adb import Connection, fetch_one, raised
from services.platform.db import fetch
from services.platform.errors import Conflict, NotFound
from services.promotions.models import Coupon, MemberCoupon
from services.promotions.rules import CouponTerms, wallet_state
from services.promotions.schemas import CouponRead, WalletCoupon

_ORDER = {"usable": 0, "upcoming": 1, "redeemed": 2, "expired": 3}


def wallet(
    *, session: Session, member_id: int, now: datetime, limit: int = 200
) -> list[WalletCoupon]:
    """Usable first (soonest to lapse first), then upcoming, redeemed and expired."""
    rows = session.execute(
        select(MemberCoupon, Coupon)
        .join(Coupon, Coupon.id == MemberCoupon.coupon_id)
        .where(MemberCoupon.member_id == member_id)
        .order_by(Coupon.valid_until.desc(), MemberCoupon.id.desc())
        .limit(limit)
    )
    items = [
        WalletCoupon(
            id=held.id,
            state=wallet_state(
                status=held.status,
                valid_from=coupon.valid_from,
                valid_until=coupon.valid_until,
                now=now,
            ),
            order_number=held.order_ref,
            issued_at=held.issued_at,
            redeemed_at=held.redeemed_at,
            coupon=CouponRead.model_validate(coupon),
        )
        for held, coupon in rows
    ]
    return sorted(items, key=lambda w: (_ORDER[w.state], w.coupon.valid_until, w.id))


# The coupon a member asks checkout to apply: theirs, and not redeemed by another order.
# One text for the preview (sync) and placing (event loop). Advisory: placing redeems
# it again inside the order's own transaction (``promotions.redeem_coupon``).
_TERMS = """
    SELECT c.kind, c.valid_from, c.valid_until, c.amount_off_fen, c.percent_off,
           c.max_off_fen, c.min_spend_fen, c.currency, c.channels, c.region_ids,
           c.store_ids, c.sku_ids, c.categories, w.status
    FROM promotions.member_coupons w JOIN promotions.coupons c ON c.id = w.coupon_id
    WHERE w.id = %(member_coupon_id)s AND w.member_id = %(member_id)s
"""


def _terms(row: dict[str, Any] | None, member_coupon_id: int) -> CouponTerms:
    if row is None:
        raise NotFound(f"coupon {member_coupon_id} is not in your wallet", code="coupon_not_found")
    if row.pop("status") != "available":
        raise unavailable(member_coupon_id)
    for scope in ("channels", "region_ids", "store_ids", "sku_ids", "categories"):
        row[scope] = tuple(row[scope] or ())
    return CouponTerms(**row)


def unavailable(member_coupon_id: int) -> Conflict:
    return Conflict(
        "this coupon is already used by another order",
        code="coupon_unavailable",
        details={"coupon_id": member_coupon_id},
    )


def terms(*, session: Session, member_id: int, member_coupon_id: int) -> CouponTerms:
    """The terms of the member's usable coupon; NotFound / Conflict ``coupon_unavailable``."""
    rows = fetch(session, _TERMS, {"member_id": member_id, "member_coupon_id": member_coupon_id})
    return _terms(rows[0] if rows else None, member_coupon_id)


async def terms_async(
    connection: Connection, *, member_id: int, member_coupon_id: int
) -> CouponTerms:
    """``terms`` on the event loop (placing an order)."""
    row = await fetch_one(
        connection, _TERMS, {"member_id": member_id, "member_coupon_id": member_coupon_id}
    )
    return _terms(row, member_coupon_id)


def redeem_refusal(error: BaseException) -> Conflict | None:
    """Conflict ``coupon_unavailable`` for ``promotions.redeem_coupon``'s refusal, else None."""
    message, detail = raised(error) or ("", None)
    if message != "coupon_unavailable":
        return None
    return unavailable(int(detail or 0))


def redeemed_from(*, session: Session, source: str) -> list[tuple[int, int]]:
    """(member, wallet entry) of the entries ``source`` issued that an order has redeemed."""
    rows = session.execute(
        select(MemberCoupon.member_id, MemberCoupon.id)
        .where(MemberCoupon.source == source, MemberCoupon.status == "redeemed")
        .order_by(MemberCoupon.id)
    )
    return [(member_id, entry) for member_id, entry in rows]
