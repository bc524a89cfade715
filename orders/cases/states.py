"""The service-case state machine (pure): kinds, statuses, the steps each allows.

A case opens ``open``. Staff ``contact`` the shopper (acted on, still open),
then close it: ``approve`` (a return is taken back and refunded, an exchange
swapped), ``decline`` with a reason, or ``resolve`` with an outcome (an
apology or a complaint). Closed cases take no further step, so an approval
sent twice is refused the second time (``case_closed``) and moves nothing.
"""

from __future__ import annotations

from typing import Literal, get_args

from services.platform.errors import Conflict

Kind = Literal["apology", "return", "exchange", "complaint"]
KINDS: tuple[str, ...] = get_args(Kind)
#: What a shopper may open on an order; an apology is opened for them (feedback).
SHOPPER_KINDS: tuple[str, ...] = ("return", "exchange", "complaint")
Status = Literal["open", "approved", "declined", "resolved"]
STATUSES: tuple[str, ...] = get_args(Status)
CLOSED: frozenset[str] = frozenset({"approved", "declined", "resolved"})
Action = Literal["open", "contact", "approve", "decline", "resolve", "escalate"]
ACTIONS: tuple[str, ...] = get_args(Action)
#: How an apology or complaint ended (issue: apologised, voucher or points given, refunded).
Outcome = Literal["apologised", "voucher", "points", "refunded"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)

#: Staff steps allowed on an open case, per kind.
_CLOSING: dict[str, dict[str, str]] = {
    "apology": {"resolve": "resolved"},
    "complaint": {"resolve": "resolved", "decline": "declined"},
    "return": {"approve": "approved", "decline": "declined"},
    "exchange": {"approve": "approved", "decline": "declined"},
}


def step(kind: str, status: str, action: str) -> str:
    """The status after ``action``; Conflict ``case_closed`` or ``invalid_case_step``."""
    if status in CLOSED:
        raise Conflict(
            f"the case is {status}; it takes no further step",
            code="case_closed",
            details={"status": status, "action": action},
        )
    if action in ("contact", "escalate"):
        return status
    target = _CLOSING[kind].get(action)
    if target is None:
        raise Conflict(
            f"a {kind} case cannot be closed by {action}",
            code="invalid_case_step",
            details={"kind": kind, "action": action},
        )
    return target


def allowed(kind: str, status: str) -> list[str]:
    """The staff steps an open case takes next (the tablet shows them); none once closed."""
    if status in CLOSED:
        return []
    return ["contact", *_CLOSING[kind]]


def needs_outcome(action: str) -> bool:
    """A resolved case records how it ended; other steps need no outcome."""
    return action == "resolve"
