"""Payment links (pure): only the member named, only until expiry, never forged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from orders import pay_links

KEYS = {"k1": "a-test-key-that-is-long-enough-000", "k2": "another-test-key-long-enough-0000"}
NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def _link(member_id: int = 4211, hours: int = 24, key_id: str = "k1") -> str:
    expires = pay_links.expiry(NOW, hours)
    return pay_links.sign("Oq3Zk7xPa2Lm", member_id, expires=expires, key_id=key_id, keys=KEYS)


def test_the_member_named_opens_their_link_until_it_expires() -> None:
    claims = pay_links.verify(_link(), member_id=4211, now=NOW, keys=KEYS)
    assert claims.number == "Oq3Zk7xPa2Lm" and claims.expires == NOW + timedelta(hours=24)
    assert pay_links.verify(_link(key_id="k2"), member_id=4211, now=NOW, keys=KEYS)
    with pytest.raises(pay_links.PayLinkRefused) as late:
        pay_links.verify(_link(), member_id=4211, now=NOW + timedelta(hours=24), keys=KEYS)
    assert late.value.code == "pay_link_expired"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "PL1",
        "PK1.Oq3Zk7xPa2Lm.1.k1.AAAAAAAAAAAAAAAAAAAAAAAA",
        _link().replace("4211", "4212"),  # another member written in
        _link()[:-2] + ("AA" if not _link().endswith("AA") else "BB"),  # MAC changed
        _link().replace(".k1.", ".k9."),  # unknown key
        _link() + "²",
        "PL1.Oq3Zk7xPa2Lm.4211.99999999999.k1.AAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_anything_else_is_refused_alike(token: str) -> None:
    with pytest.raises(pay_links.PayLinkRefused) as refused:
        pay_links.verify(token, member_id=4211, now=NOW, keys=KEYS)
    assert refused.value.code == "pay_link_invalid"


def test_someone_elses_link_is_refused_as_if_forged() -> None:
    with pytest.raises(pay_links.PayLinkRefused) as refused:
        pay_links.verify(_link(member_id=4211), member_id=4212, now=NOW, keys=KEYS)
    assert refused.value.code == "pay_link_invalid"
