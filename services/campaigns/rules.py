"""Campaign decisions, pure: who is held back as control, who is in the audience, the uplift.

No database here; the use cases in ``service.py`` and ``results.py`` feed arrays and counts in.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

from services.siting.engine.geo import SphereIndex

#: Activity channels a member can be seen in (orders, check-ins, appointments).
ACTIVITY_CHANNELS = ("store", "delivery", "mini_program", "appointments")
_BUCKETS = 10_000


def in_control(*, member_id: int, seed: int, control_percent: int) -> bool:
    """Held back (never messaged)? A hash of (seed, member): the same answer on every run."""
    digest = hashlib.sha256(f"{seed}:{member_id}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") % _BUCKETS
    return bucket < control_percent * _BUCKETS // 100


def split(
    member_ids: Iterable[int], *, seed: int, control_percent: int
) -> tuple[list[int], list[int]]:
    """(treated, control), each in id order."""
    treated: list[int] = []
    control: list[int] = []
    for member_id in sorted(set(member_ids)):
        held = in_control(member_id=member_id, seed=seed, control_percent=control_percent)
        arm = control if held else treated
        arm.append(member_id)
    return treated, control


def batches(member_ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(member_ids), size):
        yield member_ids[start : start + size]


def within_km(
    homes: NDArray[np.float64], target: tuple[float, float], radius_km: float
) -> NDArray[np.bool_]:
    """Which homes lie within ``radius_km`` of the target on the sphere."""
    mask = np.zeros(len(homes), dtype=bool)
    if len(homes):
        hits = SphereIndex(homes).within(np.array([target], dtype=np.float64), radius_km)[0]
        mask[hits] = True
    return mask


def nearest_changes(
    homes: NDArray[np.float64], open_stores: NDArray[np.float64], target: tuple[float, float]
) -> NDArray[np.bool_]:
    """Whose nearest open store becomes the target when it opens (strictly nearer on the sphere).

    With no open store yet every member's nearest store changes.
    """
    if not len(homes):
        return np.zeros(0, dtype=bool)
    to_target, _ = SphereIndex(np.array([target], dtype=np.float64)).nearest(homes)
    if not len(open_stores):
        return np.ones(len(homes), dtype=bool)
    before, _ = SphereIndex(open_stores).nearest(homes)
    return np.asarray(to_target < before, dtype=bool)


def only_channel(
    activity: Mapping[int, set[str]], *, target_channel: str | None = None
) -> list[int]:
    """Members active in exactly one channel (and not already in the target channel), id order."""
    return sorted(
        member_id
        for member_id, seen in activity.items()
        if len(seen) == 1 and target_channel not in seen
    )


@dataclass(frozen=True)
class Uplift:
    """Treated minus control conversion, with its two-sided confidence interval."""

    treated_rate: float
    control_rate: float
    difference: float
    low: float
    high: float
    confidence: float


def uplift(
    *,
    treated: int,
    treated_converted: int,
    control: int,
    control_converted: int,
    confidence: float = 0.95,
) -> Uplift | None:
    """Difference of proportions with a Wald interval; None when either arm is empty."""
    if treated <= 0 or control <= 0:
        return None
    if not (0 <= treated_converted <= treated and 0 <= control_converted <= control):
        raise ValueError("converted must lie between 0 and the arm's size")
    p1 = treated_converted / treated
    p0 = control_converted / control
    z = float(norm.ppf(0.5 + confidence / 2))
    half = z * math.sqrt(p1 * (1 - p1) / treated + p0 * (1 - p0) / control)
    difference = p1 - p0
    return Uplift(
        treated_rate=p1,
        control_rate=p0,
        difference=difference,
        low=difference - half,
        high=difference + half,
        confidence=confidence,
    )
