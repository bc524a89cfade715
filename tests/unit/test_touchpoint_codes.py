"""Signed touchpoint tokens and scene codes: forgeries refused, scenes WeChat-safe."""

from __future__ import annotations

import base64
import string

import pytest

from services.touchpoints import scene, tokens

KEYS = {"k1": b"first-key-0123456789", "k2": b"second-key-9876543210"}


def _token(touchpoint_id: int = 42, version: int = 1, key_id: str = "k1") -> str:
    return tokens.sign(
        touchpoint_id=touchpoint_id, version=version, key_id=key_id, key=KEYS[key_id]
    )


def test_a_genuine_token_verifies_with_its_claims() -> None:
    claims = tokens.verify(_token(42, 3, "k2"), KEYS)
    assert (claims.touchpoint_id, claims.version, claims.key_id) == (42, 3, "k2")


def test_every_single_flipped_bit_of_the_signature_is_refused() -> None:
    token = _token()
    body, signature = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    for bit in range(len(raw) * 8):
        forged = bytearray(raw)
        forged[bit // 8] ^= 1 << (bit % 8)
        text = base64.urlsafe_b64encode(bytes(forged)).rstrip(b"=").decode()
        with pytest.raises(tokens.TokenRejected) as refused:
            tokens.verify(f"{body}.{text}", KEYS)
        assert refused.value.code == "qr_forged"


def test_a_flipped_bit_in_the_payload_is_refused() -> None:
    token = _token(touchpoint_id=42, version=1)
    for position, char in enumerate(token[: token.rindex(".")]):
        flipped = chr(ord(char) ^ 1)
        forged = token[:position] + flipped + token[position + 1 :]
        with pytest.raises(tokens.TokenRejected):
            tokens.verify(forged, KEYS)


def test_a_token_signed_with_the_wrong_key_is_refused() -> None:
    forged = tokens.sign(touchpoint_id=42, version=1, key_id="k1", key=b"attacker-guess")
    with pytest.raises(tokens.TokenRejected) as refused:
        tokens.verify(forged, KEYS)
    assert refused.value.code == "qr_forged"


def test_an_unknown_key_id_is_refused() -> None:
    token = tokens.sign(touchpoint_id=42, version=1, key_id="k9", key=b"whatever")
    with pytest.raises(tokens.TokenRejected) as refused:
        tokens.verify(token, KEYS)
    assert refused.value.code == "qr_unknown_key"


def test_a_retired_key_stops_verifying_when_removed() -> None:
    old = _token(key_id="k1")
    assert tokens.verify(old, KEYS).key_id == "k1"
    with pytest.raises(tokens.TokenRejected):
        tokens.verify(old, {"k2": KEYS["k2"]})


@pytest.mark.parametrize(
    "garbage",
    ["", "t1", "t1.k1.42.1", "t2.k1.42.1.AAAAAAAAAAAAAAAAAAAAAA", "t1.k1.-4.1.x", "x" * 500],
)
def test_malformed_tokens_are_refused(garbage: str) -> None:
    with pytest.raises(tokens.TokenRejected) as refused:
        tokens.verify(garbage, KEYS)
    assert refused.value.code == "qr_malformed"


def test_scene_codes_fit_wechat_length_and_charset() -> None:
    seen = set()
    for _ in range(2000):
        code = scene.new_scene()
        assert 0 < len(code) <= scene.MAX_LENGTH
        assert set(code) <= set(string.ascii_letters + string.digits)
        assert scene.is_valid_scene(code)
        seen.add(code)
    assert len(seen) == 2000


@pytest.mark.parametrize("bad", ["", "x" * 33, "has space", "中文", "semi;ok but%"])
def test_invalid_scenes_are_recognised(bad: str) -> None:
    assert not scene.is_valid_scene(bad)


def test_every_wechat_allowed_character_is_accepted() -> None:
    assert scene.is_valid_scene("!#$&'()*+,/:;=?@-._~")
    assert scene.is_valid_scene("a" * 32)


def test_share_links_verify_expire_and_are_not_touchpoint_codes() -> None:
    keys = {"k1": b"k" * 32, "k2": b"j" * 32}
    token = tokens.sign_share(guide_id=42, expires=1_000, key_id="k1", key=keys["k1"])
    claims = tokens.verify_share(token, keys, now=999)
    assert (claims.guide_id, claims.expires, claims.key_id) == (42, 1_000, "k1")
    with pytest.raises(tokens.TokenRejected) as expired:
        tokens.verify_share(token, keys, now=1_000)
    assert expired.value.code == "share_expired"
    head, mac = token.rsplit(".", 1)
    for forged in (
        head.replace(".42.", ".43.") + "." + mac,
        head.replace(".1000", ".9999") + "." + mac,
    ):
        with pytest.raises(tokens.TokenRejected) as refused:
            tokens.verify_share(forged, keys, now=0)
        assert refused.value.code == "share_forged"
    # Same keys, different kinds: the prefix is signed, so one never passes for the other.
    code = tokens.sign(touchpoint_id=42, version=1000, key_id="k1", key=keys["k1"])
    with pytest.raises(tokens.TokenRejected) as wrong_kind:
        tokens.verify_share(code, keys, now=0)
    assert wrong_kind.value.code == "share_malformed"
    with pytest.raises(tokens.TokenRejected):
        tokens.verify(token, keys)
    swapped = "t1" + token[2:]
    with pytest.raises(tokens.TokenRejected) as swapped_kind:
        tokens.verify(swapped, keys)
    assert swapped_kind.value.code == "qr_forged"
