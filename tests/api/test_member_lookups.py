"""A guide sees only members who have dealt with the guide's store, masked, and every
look-up is audited (issue 26, finding 5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from structlog.testing import capture_logs

from services.members.models import Member
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores import member_lookups
from stores.models import CheckIn, MemberLookup
from tests import factories
from tests.booking import open_salon
from tests.shop import idem, open_shop, place_order

PHONE = "+8613800138000"


def _member(**fields: object) -> int:
    return int(
        factories.member(phone=PHONE, birthday=date(1992, 5, 17), home_city="Chengdu", **fields).id
    )


def _trail(member_id: int) -> list[tuple[int, str, str, bool]]:
    with UnitOfWork() as uow:
        rows = uow.session.scalars(
            select(MemberLookup)
            .where(MemberLookup.member_id == member_id)
            .order_by(MemberLookup.id)
        )
        return [(r.guide_id, r.action, r.reason, r.allowed) for r in rows]


@pytest.fixture
def setting(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    get_settings.cache_clear()


def test_a_member_with_no_tie_to_the_store_is_not_found_like_no_member(
    client: TestClient,
) -> None:
    """The report: a Shanghai guide read a Chengdu member with nothing anywhere."""
    shanghai = open_salon()
    guide_id = shanghai.guide_ids[0]
    guide = factories.guide_headers(guide_id, shanghai.store_id)
    stranger = _member()
    seen = client.get(f"/tablet/v1/members/{stranger}", headers=guide)
    missing = client.get("/tablet/v1/members/987654321", headers=guide)
    assert seen.status_code == missing.status_code == 404
    assert seen.json()["error"]["code"] == missing.json()["error"]["code"] == "member_not_found"
    assert PHONE not in seen.text and "Chengdu" not in seen.text
    note = client.post(
        f"/tablet/v1/members/{stranger}/notes",
        json={"body": "x"},
        headers={**guide, **idem()},
    )
    reveal = client.post(
        f"/tablet/v1/members/{stranger}/reveal", json={"reason": "just looking"}, headers=guide
    )
    assert note.status_code == reveal.status_code == 404
    # Every attempt is on the trail, refused ones too.
    assert _trail(stranger) == [
        (guide_id, "view", "member 360", False),
        (guide_id, "note", "member note", False),
        (guide_id, "reveal", "just looking", False),
    ]
    assert _trail(987654321) == [(guide_id, "view", "member 360", False)]


def test_each_tie_opens_the_member_to_that_store_only_masked(client: TestClient) -> None:
    shop = open_shop()
    other = open_salon()
    guide = shop.guide()
    with UnitOfWork() as uow:
        member = uow.session.get_one(Member, shop.member_id)
        member.phone, member.birthday = PHONE, date(1992, 5, 17)
        uow.commit()
    assert client.get(f"/tablet/v1/members/{shop.member_id}", headers=guide).status_code == 404
    place_order(shop)  # an order for pickup here
    seen = client.get(f"/tablet/v1/members/{shop.member_id}", headers=guide)
    assert seen.status_code == 200, seen.text
    assert seen.json()["member"]["phone"] == "+86*******8000"
    assert seen.json()["member"]["birthday"] == "****-**-**"
    assert PHONE not in seen.text and "1992" not in seen.text
    elsewhere = factories.guide_headers(other.guide_ids[0], other.store_id)
    assert client.get(f"/tablet/v1/members/{shop.member_id}", headers=elsewhere).status_code == 404
    # A scan of the other store's code (a guide's card at its counter) opens it there.
    card = factories.touchpoint(
        "guide_card",
        region_id=other.region_id,
        store_id=other.store_id,
        guide_id=other.guide_ids[0],
    )
    scanned = client.post(
        "/mp/v1/scans",
        json={"device_id": "device-lookup-0001", "token": factories.qr_token(card.id)},
        headers=shop.shopper(),
    )
    assert scanned.status_code == 201, scanned.text
    assert client.get(f"/tablet/v1/members/{shop.member_id}", headers=elsewhere).status_code == 200


def test_a_reveal_needs_a_reason_and_is_audited(client: TestClient) -> None:
    salon = open_salon()
    guide_id = salon.guide_ids[0]
    guide = factories.guide_headers(guide_id, salon.store_id)
    member = _member()
    with UnitOfWork() as uow:
        uow.session.add(CheckIn(store_id=salon.store_id, member_id=member))
        uow.commit()
    no_reason = client.post(f"/tablet/v1/members/{member}/reveal", json={}, headers=guide)
    assert no_reason.status_code == 422
    shown = client.post(
        f"/tablet/v1/members/{member}/reveal",
        json={"reason": "Calling about the boots on hold"},
        headers=guide,
    )
    assert shown.status_code == 200, shown.text
    assert (shown.json()["phone"], shown.json()["birthday"]) == (PHONE, "1992-05-17")
    assert _trail(member) == [(guide_id, "reveal", "Calling about the boots on hold", True)]


def test_a_guide_whose_look_ups_jump_is_alerted(
    client: TestClient, setting: pytest.MonkeyPatch
) -> None:
    setting.setenv("O2O_MEMBER_LOOKUP_ALERT_PER_HOUR", "2")
    get_settings.cache_clear()
    salon = open_salon()
    guide = factories.guide_headers(salon.guide_ids[0], salon.store_id)
    before = member_lookups.LOOKUP_ALERTS._value.get()
    with capture_logs() as logs:
        statuses = [
            client.get(f"/tablet/v1/members/{m}", headers=guide).status_code
            for m in (_member(), _member(), _member())
        ]
    assert statuses == [404, 404, 404]  # refused look-ups count too
    jumped = [e for e in logs if e["event"] == "member_lookups_jumped"]
    assert len(jumped) == 1 and jumped[0]["lookups_last_hour"] == 3
    assert jumped[0]["guide_id"] == salon.guide_ids[0] and jumped[0]["threshold"] == 2
    assert member_lookups.LOOKUP_ALERTS._value.get() == before + 1
