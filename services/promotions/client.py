"""Public interface of the promotions service: wallet terms, redeeming, giving back, issuing.

Orders redeems a coupon inside ``orders.place_order`` by calling the database function
``promotions.redeem_coupon`` (source ``services/promotions/sql/redeem_coupon.sql``) and
gives it back with ``release_for_order`` when the order expires or is cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.platform.member_data import dump
from services.promotions import service, wallet
from services.promotions.models import MemberCoupon
from services.promotions.rules import (
    Applied,
    Cart,
    CartLine,
    CouponTerms,
    Refused,
    apply,
    off_fen,
)
from services.promotions.schemas import CouponRead, IssueResult
from services.promotions.wallet import redeem_refusal, terms_async

__all__ = [
    "Applied",
    "Cart",
    "CartLine",
    "CouponTerms",
    "LocalPromotionsClient",
    "Refused",
    "apply",
    "off_fen",
    "redeem_refusal",
    "terms_async",
]

_RELEASE = text("SELECT promotions.release_coupons(p_order_ref => :order_ref)")
_REDEEM = text(
    "SELECT promotions.redeem_coupon(p_member_coupon_id => :member_coupon_id,"
    " p_member_id => :member_id, p_order_ref => :order_ref)"
)


def export_member(session: Session, member_id: int) -> list[dict[str, Any]]:
    """The member's wallet entries, for their data export (coupon ids name the terms)."""
    return dump(session, MemberCoupon, MemberCoupon.member_id == member_id)


class LocalPromotionsClient:
    """In-process adapter working in the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def terms(self, *, member_id: int, member_coupon_id: int) -> CouponTerms:
        """The member's usable coupon (404 ``coupon_not_found``, 409 ``coupon_unavailable``)."""
        return wallet.terms(
            session=self._session, member_id=member_id, member_coupon_id=member_coupon_id
        )

    def redeem(self, *, member_id: int, member_coupon_id: int, order_ref: str) -> int:
        """Redeem in the caller's transaction (placement does it in ``orders.place_order``)."""
        try:
            with self._session.begin_nested():
                return int(
                    self._session.scalar(
                        _REDEEM,
                        {
                            "member_coupon_id": member_coupon_id,
                            "member_id": member_id,
                            "order_ref": order_ref,
                        },
                    )
                )
        except Exception as exc:  # the database's refusal, as the driver raised it
            refusal = redeem_refusal(getattr(exc, "orig", exc))
            if refusal is None:
                raise
            raise refusal from exc

    def release_for_order(self, order_ref: str) -> int:
        """Give back what ``order_ref`` redeemed (expiry, cancel); a repeat gives back nothing."""
        return int(self._session.scalar(_RELEASE, {"order_ref": order_ref}) or 0)

    def coupon(self, coupon_id: int, region_ids: Sequence[int] | None) -> CouponRead:
        """A coupon definition in the caller's scope (404 ``coupon_not_found``)."""
        return service.get(session=self._session, coupon_id=coupon_id, region_ids=region_ids)

    def redeemed_from(self, source: str) -> list[tuple[int, int]]:
        """(member, wallet entry) of coupons issued by ``source`` and redeemed (campaigns)."""
        return wallet.redeemed_from(session=self._session, source=source)

    def issue(
        self, *, coupon_id: int, member_ids: Sequence[int], source: str, now: datetime
    ) -> IssueResult:
        """Issue to members (ids known to be members), once per (coupon, member): campaigns."""
        return service.issue(
            session=self._session,
            coupon_id=coupon_id,
            member_ids=member_ids,
            source=source,
            now=now,
        )
