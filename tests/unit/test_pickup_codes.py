"""Pickup codes and signed pickup QR tokens."""

from __future__ import annotations

from orders import pickup_codes

KEYS = {"k1": "key-one", "k2": "key-two"}


def test_codes_are_six_digits_and_vary() -> None:
    codes = {pickup_codes.new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 190


def test_a_signed_token_verifies_and_names_order_and_version() -> None:
    token = pickup_codes.sign("Oabc", 3, key_id="k2", keys=KEYS)
    assert pickup_codes.verify(token, keys=KEYS) == pickup_codes.PickupToken("Oabc", 3)


def test_forged_tokens_are_refused() -> None:
    token = pickup_codes.sign("Oabc", 3, key_id="k1", keys=KEYS)
    prefix, number, version, key_id, mac = token.split(".")
    for forged in (
        f"{prefix}.Oxyz.{version}.{key_id}.{mac}",  # another order
        f"{prefix}.{number}.4.{key_id}.{mac}",  # another version
        f"{prefix}.{number}.{version}.k2.{mac}",  # another key
        f"{prefix}.{number}.{version}.k9.{mac}",  # unknown key
        token[:-2],
        "PK1.only.three",
        "",
    ):
        assert pickup_codes.verify(forged, keys=KEYS) is None, forged


def test_code_comparison() -> None:
    assert pickup_codes.code_matches("012345", " 012345 ")
    assert not pickup_codes.code_matches("012345", "012346")
    assert not pickup_codes.code_matches(None, "012345")


def test_only_ascii_digits_and_ascii_tokens_are_considered() -> None:
    token = pickup_codes.sign("Oabc", 3, key_id="k1", keys=KEYS)
    prefix, number, version, key_id, mac = token.split(".")
    for odd in (
        f"{prefix}.{number}.².{key_id}.{mac}",  # isdigit() but not int()-able
        f"{prefix}.{number}.٣.{key_id}.{mac}",  # a digit, not an ASCII one
        f"{prefix}.{number}.{version}.{key_id}.{mac[:-1]}é",  # compare_digest refuses non-ASCII
        f"{prefix}.{number}.{version}.{key_id}.\udcff",
    ):
        assert pickup_codes.verify(odd, keys=KEYS) is None, odd
    assert not pickup_codes.code_matches("000002", "²²²²²²")
    assert not pickup_codes.code_matches("333333", "٣٣٣٣٣٣")
    assert not pickup_codes.code_matches("012345", "01234é")
