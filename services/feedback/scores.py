"""Pure rules of the experience loop: stages, occasions, scores, NPS and CSAT."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Stage = Literal["discover", "consider", "buy", "fulfil", "retain"]
Scale = Literal["nps", "csat"]

#: Every journey event kind and the stage it belongs to (ARCHITECTURE.md lists the sources).
STAGE_OF: dict[str, Stage] = {
    "scan": "discover",
    "campaign_opened": "discover",
    "product_viewed": "consider",
    "availability_checked": "consider",
    "checked_in": "consider",
    "appointment_completed": "consider",
    "checkout_previewed": "buy",
    "order_placed": "buy",
    "order_paid": "buy",
    "order_ready": "fulfil",
    "order_picked_up": "fulfil",
    "order_shipped": "fulfil",
    "order_delivered": "fulfil",
    "feedback_given": "retain",
    "case_closed": "retain",
    "repeat_purchase": "retain",
}

#: The moments a member is asked about.
OCCASIONS = frozenset(
    {"order_picked_up", "order_delivered", "appointment_completed", "checked_in", "case_closed"}
)


def stage_of(kind: str) -> Stage:
    """The journey stage of an event kind; KeyError for a kind nobody declared."""
    return STAGE_OF[kind]


def score_in_range(scale: Scale, score: int) -> bool:
    """NPS is 0-10, CSAT 1-5."""
    return 0 <= score <= 10 if scale == "nps" else 1 <= score <= 5


def needs_case(scale: Scale, score: int) -> bool:
    """A detractor (NPS 0-6) or a low CSAT (1-2) opens an apology case."""
    return score <= 6 if scale == "nps" else score <= 2


def invitations_left(sent_this_month: int, cap: int) -> int:
    """How many more invitations a member may get this month (never negative)."""
    return max(cap - sent_this_month, 0)


@dataclass(frozen=True)
class Figure:
    """NPS or CSAT of one group of answers, with how many answered."""

    responses: int
    value: float | None


def nps(scores: Iterable[int]) -> Figure:
    """Net promoter score: % promoters (9-10) minus % detractors (0-6), -100..100."""
    counted = list(scores)
    if not counted:
        return Figure(0, None)
    promoters = sum(1 for s in counted if s >= 9)
    detractors = sum(1 for s in counted if s <= 6)
    return Figure(len(counted), round(100 * (promoters - detractors) / len(counted), 1))


def nps_from_counts(*, promoters: int, passives: int, detractors: int) -> Figure:
    """``nps`` from counts already summed by the database."""
    total = promoters + passives + detractors
    if total == 0:
        return Figure(0, None)
    return Figure(total, round(100 * (promoters - detractors) / total, 1))


def csat(scores: Iterable[int]) -> Figure:
    """Customer satisfaction: % of answers that are 4 or 5."""
    counted = list(scores)
    if not counted:
        return Figure(0, None)
    return csat_from_counts(satisfied=sum(1 for s in counted if s >= 4), total=len(counted))


def csat_from_counts(*, satisfied: int, total: int) -> Figure:
    """``csat`` from counts already summed by the database."""
    if total == 0:
        return Figure(0, None)
    return Figure(total, round(100 * satisfied / total, 1))
