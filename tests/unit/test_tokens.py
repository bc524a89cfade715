"""JWTs: the right role and audience only; expired, unsigned and tampered tokens refused."""

from __future__ import annotations

import base64
import json
import time
from datetime import timedelta

import jwt
import pytest

from server.manifests import Settings
from services.platform.auth import (
    Principal,
    hash_password,
    issue_token,
    verify_password,
    verify_token,
)
from services.platform.errors import Unauthorized

SETTINGS = Settings(_env_file=None, jwt_secret="unit-test-secret-0123456789-abcdefghij")
GUIDE = Principal(role="guide", subject=7, store_id=3)


def test_round_trip_keeps_the_scope() -> None:
    manager = Principal(role="manager", subject=2, region_ids=(1, 4), hq=False)
    assert verify_token(issue_token(GUIDE, SETTINGS), "guide", SETTINGS) == GUIDE
    assert verify_token(issue_token(manager, SETTINGS), "manager", SETTINGS) == manager


def test_expired_token_is_refused() -> None:
    token = issue_token(GUIDE, SETTINGS, ttl=timedelta(seconds=-1))
    with pytest.raises(Unauthorized) as caught:
        verify_token(token, "guide", SETTINGS)
    assert caught.value.code == "token_expired"


def test_token_for_another_front_door_is_refused() -> None:
    token = issue_token(Principal(role="shopper", subject=1), SETTINGS)
    with pytest.raises(Unauthorized) as caught:
        verify_token(token, "guide", SETTINGS)
    assert caught.value.code == "token_wrong_audience"


def test_unsigned_alg_none_token_is_refused() -> None:
    claims = jwt.decode(
        issue_token(GUIDE, SETTINGS), options={"verify_signature": False}, algorithms=["HS256"]
    )

    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    unsigned = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."
    with pytest.raises(Unauthorized) as caught:
        verify_token(unsigned, "guide", SETTINGS)
    assert caught.value.code == "token_invalid"


def test_tampered_or_foreign_tokens_are_refused() -> None:
    token = issue_token(GUIDE, SETTINGS)
    header, payload, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    other = Settings(_env_file=None, jwt_secret="some-other-secret-abcdefghij-0123456789")
    for bad in (f"{header}.{payload}.{flipped}", issue_token(GUIDE, other), "not-a-jwt", ""):
        with pytest.raises(Unauthorized):
            verify_token(bad, "guide", SETTINGS)


def test_escalating_claims_breaks_the_signature() -> None:
    token = issue_token(GUIDE, SETTINGS)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["store_id"] = 99
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(Unauthorized):
        verify_token(f"{header}.{forged}.{signature}", "guide", SETTINGS)


def test_a_remembered_token_still_expires_and_stays_in_its_scope() -> None:
    token = issue_token(GUIDE, SETTINGS, ttl=timedelta(seconds=1))
    assert verify_token(token, "guide", SETTINGS) == GUIDE  # verified, now remembered
    other = Settings(_env_file=None, jwt_secret="some-other-secret-abcdefghij-0123456789")
    for role, settings in (("guide", other), ("manager", SETTINGS)):
        with pytest.raises(Unauthorized):
            verify_token(token, role, settings)  # type: ignore[arg-type]
    assert verify_token(token, "guide", SETTINGS) == GUIDE
    time.sleep(2.05)  # exp is whole seconds
    with pytest.raises(Unauthorized) as caught:
        verify_token(token, "guide", SETTINGS)
    assert caught.value.code == "token_expired"


def test_password_hashes() -> None:
    hashed = hash_password("correct horse")
    assert hashed != hash_password("correct horse")  # salted
    assert verify_password(hashed, "correct horse")
    assert not verify_password(hashed, "wrong horse")
    assert not verify_password("not-a-hash", "correct horse")
