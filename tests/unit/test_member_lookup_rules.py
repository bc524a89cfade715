"""What a guide sees of a member and when a look-up is allowed (stores/member_lookups.py)."""

from __future__ import annotations

from datetime import date

from stores import member_lookups


def test_a_phone_keeps_its_country_code_and_last_four_digits() -> None:
    assert member_lookups.mask_phone("+8613800138000") == "+86*******8000"
    assert member_lookups.mask_phone("13800138000") == "*******8000"
    assert member_lookups.mask_phone("1234") == "****"
    assert member_lookups.mask_phone(None) is None


def test_a_birthday_says_only_that_one_is_on_file() -> None:
    assert member_lookups.mask_birthday(date(1992, 5, 17)) == "****-**-**"
    assert member_lookups.mask_birthday(None) is None


def test_any_tie_to_the_store_and_only_a_tie_opens_the_member() -> None:
    assert not member_lookups.visible(set())
    assert not member_lookups.visible({"feeling_lucky"})
    for tie in member_lookups.TIES:
        assert member_lookups.visible({tie})


def test_the_alert_fires_past_the_threshold() -> None:
    assert not member_lookups.over_alert(60, 60)
    assert member_lookups.over_alert(61, 60)
