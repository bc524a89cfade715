"""What an order does to its member's points: how many checkout uses, then give back,
earn, take back.

Points spent at checkout are held with the order (``orders.place_order`` took
them). They come back whole when the order is cancelled or expires (with its
coupon: ``refunding.give_back_discounts``), and in proportion to the money when
a paid one is refunded (``pricing.refund_points``);
a late payment for an expired order takes them again or is refunded. Points are
earned when the order completes (picked up or delivered) on the money kept, and
taken back in proportion on a later refund. Every entry has a source naming the
order and the step (the refund steps also the refunded total, which only grows),
so a repeated step books nothing twice; ``points_returned`` and
``points_earned`` on the order say what happened.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from orders import pricing
from orders.models import Order
from services.members.client import LocalMembersClient
from services.platform.settings import get_settings


def usable(*, asked: int, balance: int) -> int:
    """Points asked for are "at most": checkout uses no more than the member holds.

    The preview and placing both apply it before pricing (which caps by the cart).
    """
    return max(0, min(asked, balance))


def _held(order: Order) -> int:
    return order.points_spent - order.points_returned


def give_back_held(session: Session, order: Order) -> None:
    """A cancelled or expired order gives back every point it still holds (once).

    A paid one is refunded too: the refund then finds no points left to split.
    """
    held = _held(order)
    if held > 0:
        LocalMembersClient(session).earn_points(
            order.member_id,
            held,
            source=f"order:{order.number}:release",
            reason=f"order {order.number} {order.status}",
        )
    order.points_returned = order.points_spent


def take_again(session: Session, order: Order) -> None:
    """A late payment revives an expired order: the points it gave back are spent again.

    Conflict ``points_insufficient`` when the member spent them meanwhile (the
    caller refunds the payment instead). Only the ledger moves here, so a
    savepoint rolled back around it leaves nothing behind; the caller then marks
    the points held (``held_again``).
    """
    if order.points_returned > 0:
        LocalMembersClient(session).spend_points(
            order.member_id,
            order.points_returned,
            source=f"order:{order.number}:respend",
            reason=f"order {order.number} paid late",
        )


def held_again(order: Order) -> None:
    """After ``take_again`` committed with the re-reservation: the order holds its points."""
    order.points_returned = 0


def on_refund(session: Session, order: Order, refund_fen: int) -> None:
    """Money going back (before ``refunded_fen`` grows): points follow in proportion."""
    if refund_fen <= 0:
        return
    split = pricing.refund_points(
        paid_fen=order.total_fen,
        refunded_before_fen=order.refunded_fen,
        refund_fen=refund_fen,
        points_spent=order.points_spent,
        points_earned=order.points_earned,
    )
    members = LocalMembersClient(session)
    after = order.refunded_fen + refund_fen
    returned = min(split.returned, _held(order))  # released already if closed unpaid
    if returned > 0:
        members.earn_points(
            order.member_id,
            returned,
            source=f"order:{order.number}:refund:{after}",
            reason=f"refund on order {order.number}",
        )
        order.points_returned += returned
    if split.taken_back > 0:
        members.take_back_points(
            order.member_id,
            split.taken_back,
            source=f"order:{order.number}:unearn:{after}",
            reason=f"refund on order {order.number}",
        )


def earn_on_completion(session: Session, order: Order) -> None:
    """Picked up or delivered: points on the money paid, less refunds made before."""
    earned = pricing.points_earned(
        paid_fen=order.total_fen, points_per_yuan_paid=get_settings().points_earned_per_yuan
    )
    if earned == 0 or order.points_earned:
        return
    order.points_earned = earned
    # A refund before completion already took its share of what this order earns.
    net = earned - earned * order.refunded_fen // order.total_fen
    if net > 0:
        LocalMembersClient(session).earn_points(
            order.member_id,
            net,
            source=f"order:{order.number}:earn",
            reason=f"order {order.number} completed",
        )
