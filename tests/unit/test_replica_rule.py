"""Where a read that may be a little old goes, and how the replica's lag is read."""

from __future__ import annotations

import jwt
import pytest

from services.platform.replica import lag_of, read_target
from services.platform.web.replica_deps import principal_key


def bearer(claims: dict[str, str]) -> str:
    return "Bearer " + jwt.encode(claims, "any key: routing never trusts it", algorithm="HS256")


@pytest.mark.parametrize(
    ("replica", "lag", "wrote", "expected"),
    [
        (False, 0.0, False, "primary"),  # no replica configured
        (True, 0.0, False, "replica"),
        (True, 5.0, False, "replica"),  # at the limit still counts
        (True, 5.01, False, "primary"),
        (True, None, False, "primary"),  # down, promoted, or never measured
        (True, 0.0, True, "primary"),  # the principal just wrote
    ],
)
def test_read_target(replica: bool, lag: float | None, wrote: bool, expected: str) -> None:
    assert (
        read_target(replica=replica, lag_seconds=lag, max_lag=5.0, wrote_recently=wrote) == expected
    )


def test_lag_of_a_replica_caught_up_is_zero_whatever_the_last_commit_age() -> None:
    assert lag_of(in_recovery=True, behind_bytes=0, replay_age=3600, since_caught_up=None) == 0.0


def test_lag_behind_takes_the_smaller_known_age() -> None:
    # A busy primary: behind by a few bytes, but the last replayed commit is fresh.
    assert lag_of(in_recovery=True, behind_bytes=120, replay_age=0.2, since_caught_up=9) == 0.2
    # An idle primary whose last WAL is a checkpoint: seen caught up a moment ago.
    assert lag_of(in_recovery=True, behind_bytes=120, replay_age=3600, since_caught_up=0.5) == 0.5
    assert lag_of(in_recovery=True, behind_bytes=120, replay_age=None, since_caught_up=None) is None


def test_a_promoted_or_unknown_replica_has_no_lag_to_trust() -> None:
    assert lag_of(in_recovery=False, behind_bytes=0, replay_age=0, since_caught_up=0) is None
    assert lag_of(in_recovery=True, behind_bytes=None, replay_age=0, since_caught_up=0) is None


def test_principal_key_reads_role_and_subject_and_ignores_garbage() -> None:
    assert principal_key(bearer({"role": "manager", "sub": "7"})) == "manager:7"
    assert principal_key(None) is None
    assert principal_key("Basic abc") is None
    assert principal_key("Bearer not-a-token") is None
    assert principal_key(bearer({"role": "manager"})) is None
