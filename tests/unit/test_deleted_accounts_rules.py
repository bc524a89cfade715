"""Deleted accounts: when a remembered deletion still refuses, when a copy is read again."""

from __future__ import annotations

import math

from services.platform.deleted_accounts import needs_reading, still_ended


def test_a_deletion_refuses_until_its_tokens_could_have_expired() -> None:
    assert still_ended(100.0, 99.9)
    assert not still_ended(100.0, 100.0)  # every token issued before it has expired
    assert not still_ended(None, 0.0)  # never deleted


def test_a_copy_is_read_again_once_its_time_is_up() -> None:
    assert needs_reading(0.0, -math.inf)  # never read
    assert not needs_reading(10.99, 11.0)
    assert needs_reading(11.0, 11.0)
