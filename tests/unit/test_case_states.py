"""Service cases: the steps each kind allows, closing once, and the service-level time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from orders.cases.due import due_at, overdue
from orders.cases.states import KINDS, allowed, step
from server.manifests import Settings
from services.platform.errors import Conflict

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "action", "target"),
    [
        ("return", "approve", "approved"),
        ("return", "decline", "declined"),
        ("exchange", "approve", "approved"),
        ("exchange", "decline", "declined"),
        ("complaint", "resolve", "resolved"),
        ("complaint", "decline", "declined"),
        ("apology", "resolve", "resolved"),
    ],
)
def test_an_open_case_closes_by_its_kinds_steps(kind: str, action: str, target: str) -> None:
    assert step(kind, "open", action) == target


@pytest.mark.parametrize("kind", KINDS)
def test_contact_and_escalation_keep_a_case_open(kind: str) -> None:
    assert step(kind, "open", "contact") == "open"
    assert step(kind, "open", "escalate") == "open"


@pytest.mark.parametrize(
    ("kind", "action"),
    [
        ("apology", "approve"),
        ("apology", "decline"),
        ("return", "resolve"),
        ("exchange", "resolve"),
    ],
)
def test_a_kind_refuses_steps_that_are_not_its_own(kind: str, action: str) -> None:
    with pytest.raises(Conflict) as refused:
        step(kind, "open", action)
    assert refused.value.code == "invalid_case_step"


@pytest.mark.parametrize("status", ["approved", "declined", "resolved"])
@pytest.mark.parametrize("action", ["approve", "decline", "resolve", "contact", "escalate"])
def test_a_closed_case_takes_no_step_so_a_second_approval_moves_nothing(
    status: str, action: str
) -> None:
    with pytest.raises(Conflict) as refused:
        step("return", status, action)
    assert refused.value.code == "case_closed"
    assert allowed("return", status) == []


def test_the_tablet_shows_what_each_open_case_needs_next() -> None:
    assert allowed("return", "open") == ["contact", "approve", "decline"]
    assert allowed("apology", "open") == ["contact", "resolve"]


def test_each_kind_is_due_after_its_own_hours() -> None:
    settings = Settings(case_due_hours_apology=4, case_due_hours_return=48)
    assert due_at("apology", NOW, settings) == NOW + timedelta(hours=4)
    assert due_at("return", NOW, settings) == NOW + timedelta(hours=48)


def test_overdue_only_when_past_due_unanswered_and_not_yet_escalated() -> None:
    due = NOW
    assert overdue(due=due, acted=None, escalated=None, now=NOW)
    assert not overdue(due=due, acted=None, escalated=None, now=NOW - timedelta(seconds=1))
    assert not overdue(due=due, acted=NOW, escalated=None, now=NOW + timedelta(days=1))
    assert not overdue(due=due, acted=None, escalated=NOW, now=NOW + timedelta(days=1))
