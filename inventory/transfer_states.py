"""A transfer's life (pure): the moves allowed, and what a receipt at the destination says.

requested --ship--> in_transit --receive--> received; requested --cancel--> cancelled.
Units leave the source's on-hand when shipped (``transfer_out``) and enter the
destination's when received (``transfer_in``); in between they are in transit and on
neither shelf. Once shipped a transfer cannot be cancelled: the goods are on the road.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from services.platform.errors import Conflict, InvalidInput

TransferStatus = Literal["requested", "in_transit", "received", "cancelled"]
STATUSES: tuple[str, ...] = get_args(TransferStatus)

TRANSITIONS: dict[str, frozenset[str]] = {
    "requested": frozenset({"in_transit", "cancelled"}),
    "in_transit": frozenset({"received"}),
    "received": frozenset(),
    "cancelled": frozenset(),
}
#: Which end of a transfer takes each step: the source ships, the destination receives.
STEP_END: dict[str, Literal["from", "to", "either"]] = {
    "in_transit": "from",
    "received": "to",
    "cancelled": "either",
}


def check_move(current: str, target: str) -> None:
    """Conflict ``transfer_status`` naming the current status when ``target`` is not next."""
    if target not in TRANSITIONS[current]:
        raise Conflict(
            f"the transfer is {current}; it cannot become {target}",
            code="transfer_status",
            details={"status": current, "target": target},
        )


def check_end(target: str, *, at_source: bool, at_destination: bool) -> None:
    """Conflict ``transfer_wrong_end``: only the source ships, only the destination receives."""
    end = STEP_END[target]
    if end == "either" or (end == "from" and at_source) or (end == "to" and at_destination):
        return
    raise Conflict(
        "only the source ships a transfer and only the destination receives it",
        code="transfer_wrong_end",
        details={"step": target, "end": end},
    )


def received_units(sent: Mapping[int, int], counted: Mapping[int, int] | None) -> dict[int, int]:
    """Units booked in per SKU: all that was sent when nothing was counted, else the count.

    A count names every line sent (422 ``transfer_lines_mismatch`` otherwise) and never
    more than was sent (422 ``received_more_than_sent``); a shortfall is the discrepancy.
    """
    if counted is None:
        return dict(sent)
    if set(counted) != set(sent):
        odd = sorted(set(counted) ^ set(sent))[0]
        raise InvalidInput(
            "a receipt counts every line that was sent, and only those",
            code="transfer_lines_mismatch",
            details={"sku_id": odd},
        )
    for sku, units in sorted(counted.items()):
        if units > sent[sku]:
            raise InvalidInput(
                "more units counted than were sent",
                code="received_more_than_sent",
                details={"sku_id": sku, "sent": sent[sku], "received": units},
            )
    return dict(counted)
