"""One beat at a time: the lease decision (acquire, renew, schedule, stand by), pure."""

from __future__ import annotations

import pytest

from services.platform.beat_lease import SAFETY, Lease, Step, decide, settle

SECONDS = 3.0


def test_a_new_beat_tries_to_acquire_at_once() -> None:
    assert decide(Lease(), 0.0) is Step.ACQUIRE


def test_the_winner_schedules_until_its_renewal_is_due_then_renews() -> None:
    lease = settle(Lease(), "acquired", sent_at=10.0, seconds=SECONDS)
    assert decide(lease, 10.0) is Step.SCHEDULE
    assert decide(lease, 10.99) is Step.SCHEDULE
    assert decide(lease, 11.0) is Step.RENEW  # every third of the lease


def test_the_loser_stands_by_and_tries_again_every_third_of_the_lease() -> None:
    lease = settle(Lease(), "held_elsewhere", sent_at=10.0, seconds=SECONDS)
    assert not lease.holding
    assert decide(lease, 10.5) is Step.STANDBY
    assert decide(lease, 11.0) is Step.ACQUIRE


def test_a_renewal_pushes_the_lease_on_from_when_it_was_sent() -> None:
    lease = settle(Lease(), "acquired", sent_at=10.0, seconds=SECONDS)
    renewed = settle(lease, "renewed", sent_at=11.0, seconds=SECONDS)
    assert renewed.valid_until == pytest.approx(11.0 + SECONDS * (1 - SAFETY))
    assert decide(renewed, 11.9) is Step.SCHEDULE


def test_a_holder_whose_lease_went_elsewhere_stops_scheduling_at_once() -> None:
    # Its lease lapsed (a long pause) and another beat took it: the renewal finds a
    # stranger's token, so this one must not schedule even though its clock says valid.
    lease = settle(Lease(), "acquired", sent_at=10.0, seconds=SECONDS)
    lost = settle(lease, "held_elsewhere", sent_at=11.0, seconds=SECONDS)
    assert not lost.holding
    assert decide(lost, 11.1) is Step.STANDBY


def test_redis_unreachable_a_holder_schedules_only_until_its_own_view_of_the_lease_ends() -> None:
    lease = settle(Lease(), "acquired", sent_at=10.0, seconds=SECONDS)
    lease = settle(lease, "unreachable", sent_at=11.0, seconds=SECONDS)
    assert lease.holding
    assert decide(lease, 11.5) is Step.SCHEDULE
    lease = settle(lease, "unreachable", sent_at=12.0, seconds=SECONDS)
    # Sent at 10 s, a 3 s lease ends at 13 s in Redis; this beat stops before that.
    end = 10.0 + SECONDS * (1 - SAFETY)
    assert decide(lease, end - 0.01) is Step.SCHEDULE
    assert decide(lease, end) is Step.STANDBY
    lease = settle(lease, "unreachable", sent_at=13.0, seconds=SECONDS)
    assert not lease.holding
    assert decide(lease, 14.0) is Step.ACQUIRE  # and it asks again, as a standby


def test_redis_unreachable_a_standby_stays_idle() -> None:
    lease = settle(Lease(), "unreachable", sent_at=0.0, seconds=SECONDS)
    assert not lease.holding
    assert decide(lease, 0.5) is Step.STANDBY


@pytest.mark.parametrize("outcome", ["acquired", "renewed", "held_elsewhere", "unreachable"])
def test_every_outcome_schedules_the_next_try_a_third_of_a_lease_on(outcome: str) -> None:
    lease = settle(Lease(True, 12.0, 10.0), outcome, sent_at=10.0, seconds=SECONDS)  # type: ignore[arg-type]
    assert lease.next_try == pytest.approx(11.0)


def test_a_holders_view_ends_before_redis_could_give_the_lease_to_another() -> None:
    # Redis starts the lease on receipt, after the beat sent the request: the beat's
    # view (from sending, less the safety share) always ends first.
    for sent_at in (0.0, 5.0, 1000.0):
        lease = settle(Lease(), "acquired", sent_at=sent_at, seconds=SECONDS)
        assert lease.valid_until < sent_at + SECONDS
