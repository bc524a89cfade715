"""The order state machine (pure): every status set, the moves allowed, and ``move``.

Every other module takes its status sets from here; SQL that changes a status
is filtered with a set built from ``TRANSITIONS`` (see ``AWAITING_PAYMENT``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol, get_args

from services.platform.errors import Conflict

Fulfilment = Literal["pickup", "delivery"]
FULFILMENTS: tuple[str, ...] = get_args(Fulfilment)
#: Where the order came from (attribution).
Channel = Literal["mini_program", "qr", "store_assisted", "guide_share", "campaign"]
CHANNELS: tuple[str, ...] = get_args(Channel)
Status = Literal[
    "pending_payment",
    "paid",
    "preparing",
    "ready_for_pickup",
    "picked_up",
    "shipped",
    "delivered",
    "cancelled",
    "expired",
    "refunded",
]
STATUSES: tuple[str, ...] = get_args(Status)

_COMMON: dict[str, frozenset[str]] = {
    "pending_payment": frozenset({"paid", "cancelled", "expired"}),
    # A payment that lands after the hold lapsed is re-reserved (paid) or refunded.
    "expired": frozenset({"paid", "refunded"}),
    "cancelled": frozenset({"refunded"}),
    "refunded": frozenset(),
}
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    "pickup": {
        **_COMMON,
        "paid": frozenset({"preparing", "cancelled", "refunded"}),
        "preparing": frozenset({"ready_for_pickup", "refunded"}),
        "ready_for_pickup": frozenset({"picked_up", "expired", "refunded"}),
        "picked_up": frozenset({"refunded"}),
    },
    "delivery": {
        **_COMMON,
        "paid": frozenset({"shipped", "cancelled", "refunded"}),
        "shipped": frozenset({"delivered"}),
        "delivered": frozenset({"refunded"}),
    },
}


def can_move(fulfilment: str, current: str, target: str) -> bool:
    return target in TRANSITIONS[fulfilment].get(current, frozenset())


def _sources(target: str) -> frozenset[str]:
    """The states every fulfilment may leave for ``target``."""
    return frozenset(s for s in STATUSES if all(can_move(f, s, target) for f in FULFILMENTS))


#: Closed: ``move`` stamps ``closed_at`` on entering one (and clears it on leaving).
CLOSED = frozenset({"picked_up", "delivered", "cancelled", "expired", "refunded"})
#: A payment success may make the order paid from here (``expired``: by reserving again).
PAYABLE = _sources("paid")
#: Open and waiting for its money: a success pays it if its hold stands (the fast lane's filter).
AWAITING_PAYMENT = PAYABLE - CLOSED
#: States a shopper may still cancel from (before the store starts preparing).
CANCELLABLE = _sources("cancelled")
#: Paid, and the goods are still in the store or warehouse: closing the order frees them.
#: It is also a store's work queue (pickup orders to prepare and hand over).
NOT_HANDED_OVER = frozenset({"paid", "preparing", "ready_for_pickup"})
#: The goods are with the shopper: only from these may goods come back (a return).
WITH_SHOPPER = frozenset({"picked_up", "delivered"})
#: Money was taken and the order was not closed by giving it back (cancel, expiry, refund).
MONEY_HELD = NOT_HANDED_OVER | {"picked_up", "shipped", "delivered"}


def check_move(fulfilment: str, current: str, target: str) -> None:
    """Conflict naming the current state when ``current -> target`` is not allowed."""
    if not can_move(fulfilment, current, target):
        raise Conflict(
            f"the order is {current}; it cannot become {target}",
            code="invalid_transition",
            details={"status": current, "target": target},
        )


Success = Literal["paid", "re-reserve", "refund"]


def decide_success(*, status: str, hold_stands: bool) -> Success:
    """What a payment success does to an order not paid before.

    Paid when it awaits payment and its hold still stands; re-reserve when it
    may still become paid (the hold lapsed, or the order expired); otherwise
    (cancelled meanwhile) the money goes back. A failed re-reservation refunds.
    """
    if status in AWAITING_PAYMENT and hold_stands:
        return "paid"
    if status in PAYABLE:
        return "re-reserve"
    return "refund"


class Movable(Protocol):
    fulfilment: str
    status: str
    closed_at: datetime | None


def move(order: Movable, target: str, *, now: datetime) -> None:
    """The one way an order changes status: a checked transition; closed states stamp the time."""
    check_move(order.fulfilment, order.status, target)
    order.status = target
    order.closed_at = now if target in CLOSED else None
