"""The funnel narrows whatever the history: counted over distinct members from
``insights.member_steps``, each step is at most the step before and scan-to-order is at
most 1, per touchpoint and store, over the scope, and per day (hypothesis generates the
members' steps; the rule under test is the counting SQL in journey_queries.py)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from services.insights import journey_queries
from services.insights.journeys import STEPS
from services.insights.periods import Scope
from services.platform.uow import UnitOfWork

FIRST = date(2026, 11, 1)
EVERYONE = Scope(regions=None)

#: One fact: (member, day offset, store 0-2, touchpoint 0-3, step index).
facts = st.lists(
    st.tuples(
        st.integers(1, 8),
        st.integers(0, 9),
        st.integers(0, 2),
        st.integers(0, 3),
        st.integers(0, len(STEPS) - 1),
    ),
    max_size=60,
)


def _write(history: list[tuple[int, int, int, int, int]]) -> None:
    rows: dict[tuple[Any, ...], int] = {}
    for member, offset, store, touchpoint, step in history:
        # Only a scan has a touchpoint (as journey_figures gives it); other steps have none.
        tp = touchpoint if STEPS[step] == "discover" else 0
        key = (FIRST + timedelta(days=offset), 1, store, tp, 0, STEPS[step], member)
        rows[key] = rows.get(key, 0) + 1
    with UnitOfWork() as uow:
        uow.session.execute(text("TRUNCATE insights.member_steps"))
        for (day, region, store, tp, guide, step, member), n in rows.items():
            uow.session.execute(
                text(
                    "INSERT INTO insights.member_steps (day, region_id, store_id, touchpoint_id,"
                    " guide_id, step, member_id, n) VALUES (:d, :r, :s, :t, :g, :st, :m, :n)"
                ),
                {"d": day, "r": region, "s": store, "t": tp, "g": guide, "st": step, "m": member,
                 "n": n},
            )  # fmt: skip
        uow.commit()


def _narrows(counts: list[tuple[str, int]]) -> None:
    assert [step for step, _ in counts] == list(STEPS)
    values = [n for _, n in counts]
    assert all(later <= before for before, later in itertools.pairwise(values)), counts


@pytest.mark.usefixtures("db")
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=facts)
def test_every_step_is_at_most_the_step_before_and_scan_to_order_at_most_one(
    history: list[tuple[int, int, int, int, int]],
) -> None:
    _write(history)
    start, end = FIRST, FIRST + timedelta(days=10)
    with UnitOfWork() as uow:
        session = uow.session
        rows = journey_queries.funnel(session, EVERYONE, start, end)
        overall = journey_queries.overall(session, EVERYONE, start, end)
        shares = [
            *journey_queries.scan_to_order(session, EVERYONE, start, end).values(),
            *journey_queries.scan_to_order(session, EVERYONE, start, end, key="store_id").values(),
            *journey_queries.scan_to_order_by_bucket(session, EVERYONE, start, end, "day").values(),
        ]
    for _, _, counts in rows:
        _narrows(counts)
    _narrows(overall)
    assert all(share is None or 0 <= share <= 1 for share in shares), shares
    # The overall funnel is the members who took every step so far, anywhere (an oracle).
    took: dict[int, set[str]] = {}
    for member, _, _, _, step in history:
        took.setdefault(member, set()).add(STEPS[step])
    expected = [sum(set(STEPS[: i + 1]) <= s for s in took.values()) for i in range(len(STEPS))]
    assert [n for _, n in overall] == expected
