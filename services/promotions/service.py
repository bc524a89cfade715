"""Coupons: managers define them in their regions and issue them; members hold them.

Use cases take a session and never commit. A regional manager's coupon must be usable
only in their regions: its regions (or, naming none, its stores) lie inside theirs;
HQ may define coupons usable anywhere. The same predicate decides what they see.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from services.members.client import LocalMembersClient
from services.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.platform.settings import get_settings
from services.promotions.models import Coupon
from services.promotions.schemas import CouponCreate, CouponIssue, CouponRead, IssueResult
from stores.client import LocalStoresClient

# One statement for any number of members; the unique (coupon, member) key makes it
# idempotent, and under a concurrent issue the second insert waits and skips.
_ISSUE = text(
    """
    INSERT INTO promotions.member_coupons (coupon_id, member_id, status, source, issued_at)
    SELECT :coupon_id, m, 'available', :source, :at
    FROM unnest(CAST(:member_ids AS bigint[])) AS m
    ON CONFLICT (coupon_id, member_id) DO NOTHING
    RETURNING id
    """
)


def create(
    *, session: Session, data: CouponCreate, region_ids: Sequence[int] | None, manager_id: int
) -> CouponRead:
    """A new coupon; Forbidden when a regional manager reaches outside their regions."""
    if region_ids is not None:
        _check_scope(session, data, region_ids)
    coupon = Coupon(
        **data.model_dump(),
        currency="CNY",  # inventory prices in one currency (orders take the SKUs' currency)
        created_by=manager_id,
    )
    session.add(coupon)
    session.flush()
    return CouponRead.model_validate(coupon)


def _check_scope(session: Session, data: CouponCreate, region_ids: Sequence[int]) -> None:
    if not data.region_ids and not data.store_ids:
        raise InvalidInput(
            "a regional coupon names its regions or stores", code="coupon_needs_region"
        )
    if not set(data.region_ids) <= set(region_ids):
        raise Forbidden("that region is not yours", code="region_forbidden")
    outside = set(data.store_ids) - set(LocalStoresClient(session).store_ids_in(region_ids))
    if outside:
        raise NotFound(f"store {min(outside)} does not exist", code="store_not_found")


def _visible(session: Session, region_ids: Sequence[int] | None) -> ColumnElement[bool]:
    """SQL for "this manager may see and issue it" (the rule of ``_check_scope``)."""
    if region_ids is None:
        return Coupon.id.is_not(None)
    mine = array(list(region_ids) or [0])
    stores = array(LocalStoresClient(session).store_ids_in(region_ids) or [0])
    return or_(
        and_(func.cardinality(Coupon.region_ids) > 0, Coupon.region_ids.contained_by(mine)),
        and_(
            func.cardinality(Coupon.region_ids) == 0,
            func.cardinality(Coupon.store_ids) > 0,
            Coupon.store_ids.contained_by(stores),
        ),
    )


def get(*, session: Session, coupon_id: int, region_ids: Sequence[int] | None) -> CouponRead:
    """One coupon in the manager's scope; NotFound otherwise."""
    coupon = session.scalar(
        select(Coupon).where(Coupon.id == coupon_id, _visible(session, region_ids))
    )
    if coupon is None:
        raise NotFound(f"coupon {coupon_id} does not exist", code="coupon_not_found")
    return CouponRead.model_validate(coupon)


def list_coupons(
    *, session: Session, region_ids: Sequence[int] | None, offset: int, limit: int
) -> tuple[list[CouponRead], int]:
    """The manager's coupons, newest first, and how many there are."""
    where = _visible(session, region_ids)
    total = session.scalar(select(func.count()).select_from(Coupon).where(where)) or 0
    rows = session.scalars(
        select(Coupon).where(where).order_by(Coupon.id.desc()).offset(offset).limit(limit)
    )
    return [CouponRead.model_validate(c) for c in rows], total


def issue(
    *,
    session: Session,
    coupon_id: int,
    member_ids: Sequence[int],
    source: str,
    now: datetime,
) -> IssueResult:
    """Put the coupon in each member's wallet once: one set-based insert.

    Idempotent per (coupon, member): a member who holds it already, redeemed or not,
    is counted in ``already_held`` and gets nothing new. Campaigns call this with the
    members they reach; ids must be members' (``LocalMembersClient.existing``).
    """
    wanted = sorted(set(member_ids))
    if not wanted:
        return IssueResult(coupon_id=coupon_id, issued=0, already_held=0)
    issued = len(
        session.execute(
            _ISSUE, {"coupon_id": coupon_id, "member_ids": wanted, "source": source, "at": now}
        ).all()
    )
    return IssueResult(coupon_id=coupon_id, issued=issued, already_held=len(wanted) - issued)


def issue_to(
    *,
    session: Session,
    coupon_id: int,
    audience: CouponIssue,
    region_ids: Sequence[int] | None,
    manager_id: int,
    now: datetime,
) -> IssueResult:
    """A manager issues a coupon of their scope to members by id or to a segment."""
    coupon = get(session=session, coupon_id=coupon_id, region_ids=region_ids)
    if coupon.valid_until <= now:
        raise Conflict("the coupon has expired", code="coupon_expired")
    cap = get_settings().coupon_issue_max_members
    members = LocalMembersClient(session)
    if audience.member_ids is not None:
        if len(set(audience.member_ids)) > cap:
            raise Conflict(f"at most {cap} members per issue", code="issue_too_large")
        wanted = members.existing(audience.member_ids)
    else:
        assert audience.segment is not None
        wanted = members.segment(**audience.segment.model_dump(), limit=cap + 1)
        if len(wanted) > cap:
            raise Conflict(
                f"the segment has more than {cap} members; narrow it",
                code="issue_too_large",
                details={"limit": cap},
            )
    return issue(
        session=session,
        coupon_id=coupon.id,
        member_ids=wanted,
        source=f"manager:{manager_id}",
        now=now,
    )
