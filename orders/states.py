"""The order state machine (pure): which move is allowed from where, per fulfilment."""

from __future__ import annotations

from typing import Literal, get_args

from services.platform.errors import Conflict

FULFILMENTS = ("pickup", "delivery")
CHANNELS = ("mini_program", "qr", "store_assisted", "guide_share", "campaign")
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
#: States a shopper may still cancel from (before the store starts preparing).
CANCELLABLE = frozenset({"pending_payment", "paid"})
#: Paid, and the goods are still in the store or warehouse: closing the order frees them.
NOT_HANDED_OVER = frozenset({"paid", "preparing", "ready_for_pickup"})


def can_move(fulfilment: str, current: str, target: str) -> bool:
    return target in TRANSITIONS[fulfilment].get(current, frozenset())


def check_move(fulfilment: str, current: str, target: str) -> None:
    """Conflict naming the current state when ``current -> target`` is not allowed."""
    if not can_move(fulfilment, current, target):
        raise Conflict(
            f"the order is {current}; it cannot become {target}",
            code="invalid_transition",
            details={"status": current, "target": target},
        )
