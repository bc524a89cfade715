"""Coupons redeemed once under races, given back by the order, issued once per member."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from services.promotions.client import LocalPromotionsClient
from services.promotions.models import MemberCoupon
from services.promotions.service import issue
from tests import factories
from tests.aio import threads_together


def _redeem(member_id: int, entry: int, order_ref: str) -> int:
    with UnitOfWork() as uow:
        coupon_id = LocalPromotionsClient(uow.session).redeem(
            member_id=member_id, member_coupon_id=entry, order_ref=order_ref
        )
        uow.commit()
    return coupon_id


def _entry(entry: int) -> MemberCoupon:
    with UnitOfWork() as uow:
        found = uow.session.get(MemberCoupon, entry)
        assert found is not None
        uow.session.expunge(found)
        return found


@pytest.mark.parametrize("round_", range(15))
def test_two_orders_redeeming_one_coupon_at_once_exactly_one_wins(db, round_: int) -> None:
    member = factories.member()
    coupon = factories.coupon()
    entry = factories.wallet_coupon(coupon.id, member.id)
    n = 8
    results = threads_together(n, lambda i: _redeem(member.id, entry, f"O-race-{round_}-{i}"))
    winners = [i for i, r in enumerate(results) if r == coupon.id]
    assert len(winners) == 1, results
    losers = [r for r in results if r != coupon.id]
    assert all(isinstance(r, Conflict) and r.code == "coupon_unavailable" for r in losers)
    held = _entry(entry)
    assert (held.status, held.order_ref) == ("redeemed", f"O-race-{round_}-{winners[0]}")


def test_a_coupon_is_redeemed_only_by_its_member(db) -> None:
    owner, other = factories.member(), factories.member()
    entry = factories.wallet_coupon(factories.coupon().id, owner.id)
    with pytest.raises(Conflict) as refused:
        _redeem(other.id, entry, "O-not-yours")
    assert refused.value.code == "coupon_unavailable"
    assert _entry(entry).status == "available"


def test_the_order_gives_its_coupon_back_once(db) -> None:
    member = factories.member()
    entry = factories.wallet_coupon(factories.coupon().id, member.id)
    _redeem(member.id, entry, "O-give-back")
    with UnitOfWork() as uow:
        client = LocalPromotionsClient(uow.session)
        assert client.release_for_order("O-other") == 0
        assert client.release_for_order("O-give-back") == 1
        assert client.release_for_order("O-give-back") == 0
        uow.commit()
    back = _entry(entry)
    assert (back.status, back.order_ref, back.redeemed_at) == ("available", None, None)
    _redeem(member.id, entry, "O-next")  # usable again
    assert _entry(entry).order_ref == "O-next"


def test_issuing_is_once_per_member_even_when_two_issues_race(db) -> None:
    members = [factories.member().id for _ in range(30)]
    coupon = factories.coupon()

    def _issue(i: int) -> int:
        # Overlapping halves, released together: every member ends with one entry.
        chosen = members[:20] if i % 2 == 0 else members[10:]
        with UnitOfWork() as uow:
            result = issue(
                session=uow.session,
                coupon_id=coupon.id,
                member_ids=chosen,
                source=f"campaign:{i}",
                now=utcnow(),
            )
            uow.commit()
        return result.issued

    issued = threads_together(6, _issue)
    assert sum(issued) == 30, issued
    with UnitOfWork() as uow:
        held = list(
            uow.session.scalars(
                select(MemberCoupon.member_id).where(MemberCoupon.coupon_id == coupon.id)
            )
        )
    assert sorted(held) == sorted(members)
    with UnitOfWork() as uow:
        again = issue(
            session=uow.session,
            coupon_id=coupon.id,
            member_ids=members + members,
            source="again",
            now=utcnow(),
        )
    assert (again.issued, again.already_held) == (0, 30)
