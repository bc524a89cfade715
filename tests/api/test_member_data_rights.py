"""A shopper's data rights: consents per purpose (audited), a download, deleting the account."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from services.members import care
from services.members.client import LocalMembersClient
from services.members.models import ConsentEvent, Member, PointsEntry
from services.notifications.models import Delivery
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import idem

SECTIONS = {
    "profile",
    "consents",
    "points_ledger",
    "coupons",
    "orders",
    "appointments",
    "check_ins",
    "scans",
    "feedback",
    "recommendations",
}


def test_consents_are_read_changed_and_every_change_is_audited(client: TestClient) -> None:
    member = factories.member()
    headers = factories.shopper_headers(member.id)
    first = client.get("/mp/v1/me/consents", headers=headers)
    assert first.status_code == 200, first.text
    assert {k: first.json()[k] for k in ("home_location", "marketing", "care")} == {
        "home_location": False,
        "marketing": True,
        "care": True,
    }
    needs = client.put("/mp/v1/me/consents", json={"home_location": True}, headers=headers)
    assert needs.status_code == 422
    assert needs.json()["error"]["code"] == "consent_needs_location"
    shared = client.put(
        "/mp/v1/me/location", json={"latitude": 31.2, "longitude": 121.4}, headers=headers
    )
    assert shared.status_code == 200, shared.text
    changed = client.put(
        "/mp/v1/me/consents", json={"marketing": False, "care": True}, headers=headers
    )
    assert changed.status_code == 200 and changed.json()["marketing"] is False
    client.patch("/mp/v1/me", json={"care_opt_out": True}, headers=headers)
    withdrawn = client.put("/mp/v1/me/consents", json={"home_location": False}, headers=headers)
    assert withdrawn.json()["home_location"] is False
    assert client.get("/mp/v1/me", headers=headers).json()["home_latitude"] is None
    with UnitOfWork() as uow:
        log = uow.session.execute(
            select(ConsentEvent.purpose, ConsentEvent.granted, ConsentEvent.source)
            .where(ConsentEvent.member_id == member.id)
            .order_by(ConsentEvent.id)
        ).all()
    assert [tuple(r) for r in log] == [
        ("home_location", True, "location"),
        ("marketing", False, "consents"),  # care: true was already so, nothing to audit
        ("care", False, "profile"),
        ("home_location", False, "consents"),
    ]
    history = client.get("/mp/v1/me/consents", headers=headers).json()["history"]
    assert [h["purpose"] for h in history] == [
        "home_location",
        "care",
        "marketing",
        "home_location",
    ]


STORE = (30.27, 120.16)


def _campaign(client: TestClient, headers: dict[str, str], store_id: int) -> dict[str, Any]:
    made = client.post(
        "/manager/v1/campaigns",
        json={
            "name": "Opening",
            "store_id": store_id,
            "audience": "near_store",
            "radius_km": 3.0,
            "control_percent": 0,
            "seed": 1,
            "message": "We open Saturday.",
        },
        headers={**headers, **idem()},
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


def test_withdrawing_consent_leaves_siting_demand_and_campaign_audiences_at_once(
    client: TestClient,
) -> None:
    region = factories.region()
    store = factories.store(region.id, latitude=STORE[0], longitude=STORE[1], status="planned")
    now = utcnow()
    near = [
        factories.member(
            home_latitude=STORE[0] + 0.001 * i, home_longitude=STORE[1], location_consent_at=now
        )
        for i in range(3)
    ]
    manager = factories.new_manager_headers((region.id,))
    assert _campaign(client, manager, store.id)["treated"] == 3
    nowhere, quiet = near[0], near[1]
    put = client.put(
        "/mp/v1/me/consents",
        json={"home_location": False},
        headers=factories.shopper_headers(nowhere.id),
    )
    assert put.status_code == 200, put.text
    client.put(
        "/mp/v1/me/consents", json={"marketing": False}, headers=factories.shopper_headers(quiet.id)
    )
    assert _campaign(client, manager, store.id)["treated"] == 1
    with UnitOfWork() as uow:
        homes = LocalMembersClient(uow.session).consented_homes()
        ids, _ = LocalMembersClient(uow.session).consented_homes_with_ids()
    assert len(homes) == 2 and nowhere.id not in set(ids.tolist())


def test_a_member_who_withdraws_marketing_after_the_audience_was_drawn_gets_no_message(
    client: TestClient,
) -> None:
    region = factories.region()
    store = factories.store(region.id, latitude=STORE[0], longitude=STORE[1], status="planned")
    now = utcnow()
    a, b = (
        factories.member(home_latitude=STORE[0], home_longitude=STORE[1], location_consent_at=now)
        for _ in range(2)
    )
    manager = factories.new_manager_headers((region.id,))
    campaign = _campaign(client, manager, store.id)
    client.put(
        "/mp/v1/me/consents", json={"marketing": False}, headers=factories.shopper_headers(a.id)
    )
    launched = client.post(f"/manager/v1/campaigns/{campaign['id']}/launch", headers=manager)
    assert launched.status_code == 200, launched.text
    with UnitOfWork() as uow:
        told = set(
            uow.session.scalars(
                select(Delivery.member_id).where(Delivery.template == "campaign_invite")
            )
        )
    assert told == {b.id}


def _richest_member(extra: str = "") -> int:
    """A demo member with a phone and orders (and ``extra``)."""
    with UnitOfWork() as uow:
        return int(
            uow.session.execute(
                text(
                    "SELECT m.id FROM members.members m WHERE m.phone IS NOT NULL"
                    f"{extra}"
                    " AND EXISTS (SELECT 1 FROM orders.orders o WHERE o.member_id = m.id)"
                    " ORDER BY m.id LIMIT 1"
                )
            ).scalar_one()
        )


@pytest.mark.demo
def test_a_member_downloads_every_section_of_their_data(client: TestClient) -> None:
    member_id = _richest_member()
    # PIPL Art. 24: their choice about personal suggestions is part of their data
    client.put(
        "/mp/v1/me/recommendations/settings",
        json={"personalised": False},
        headers=factories.shopper_headers(member_id),
    )
    got = client.get("/mp/v1/me/export", headers=factories.shopper_headers(member_id))
    assert got.status_code == 200, got.text
    data = got.json()
    assert set(data) >= SECTIONS and data["member_id"] == member_id
    assert data["profile"]["id"] == member_id and data["profile"]["phone"]
    assert data["orders"]["orders"] and all(
        o["member_id"] == member_id and o["lines"] for o in data["orders"]["orders"]
    )
    assert "pickup_code" not in data["orders"]["orders"][0]
    assert data["consents"]["history"] == []
    suggestions = data["recommendations"]
    assert suggestions["personalised"] is False and suggestions["personalised_changed_at"]
    assert suggestions["suggested"] and suggestions["home_store_id"]  # trained by the seed
    for section in ("check_ins", "scans", "appointments", "coupons", "points_ledger"):
        assert {row["member_id"] for row in data[section]} <= {member_id}, section
    # The demo shopper has a points ledger and a wallet.
    login = client.post("/mp/v1/auth/login", json={"code": "demo-shopper"})
    token = {"Authorization": f"Bearer {login.json()['access_token']}"}
    mine = client.get("/mp/v1/me/export", headers=token).json()
    assert mine["points_ledger"][0]["source"] == "welcome"
    assert len(mine["coupons"]) == 2


def _tables_mentioning(needles: list[str]) -> list[str]:
    """Every table (all service schemas) with a row whose text holds one of the needles."""
    found: list[str] = []
    with UnitOfWork() as uow:
        tables = uow.session.execute(
            text(
                "SELECT table_schema, table_name FROM information_schema.tables"
                " WHERE table_type = 'BASE TABLE'"
                " AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public')"
            )
        ).all()
        for schema, table in tables:
            for needle in needles:
                hit = uow.session.execute(
                    text(f'SELECT 1 FROM "{schema}"."{table}" t WHERE t::text LIKE :n LIMIT 1'),
                    {"n": f"%{needle}%"},
                ).first()
                if hit is not None:
                    found.append(f"{schema}.{table}")
    return found


@pytest.mark.demo
def test_a_deleted_member_no_longer_appears_anywhere_personal(client: TestClient) -> None:
    member_id = _richest_member(
        " AND m.points > 0 AND EXISTS (SELECT 1 FROM touchpoints.scans s WHERE s.member_id = m.id)"
    )
    headers = factories.shopper_headers(member_id)
    with UnitOfWork() as uow:
        member = uow.session.get(Member, member_id)
        assert member is not None and member.phone
        openid, phone, name = member.openid, member.phone, member.name
        orders = uow.session.execute(
            text("SELECT count(*) FROM orders.orders WHERE member_id = :m"), {"m": member_id}
        ).scalar_one()
    assert _tables_mentioning([openid, phone]) != []
    scopes = (f"mp:orders:{member_id}", f"mp:{member_id}:feedback", f"mp:orders:{member_id}0")
    with UnitOfWork() as uow:
        for scope in scopes:
            uow.session.execute(
                text(
                    "INSERT INTO platform.idempotency_keys (scope, key, request_hash, created_at)"
                    " VALUES (:s, 'k', 'h', now())"
                ),
                {"s": scope},
            )
        uow.commit()
    # the recommendations service keeps their choice (and their picks, home store: the seed's)
    client.put("/mp/v1/me/recommendations/settings", json={"personalised": False}, headers=headers)
    unconfirmed = client.request("DELETE", "/mp/v1/me", json={"confirm": "yes"}, headers=headers)
    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["error"]["code"] == "deletion_not_confirmed"
    deleted = client.request(
        "DELETE", "/mp/v1/me", json={"confirm": "DELETE MY ACCOUNT"}, headers=headers
    )
    assert deleted.status_code == 204, deleted.text
    assert _tables_mentioning([openid, phone]) == []
    with UnitOfWork() as uow:
        answers = uow.session.execute(text("SELECT scope FROM platform.idempotency_keys"))
        # An order's stored answer holds its delivery address; another member's stays.
        assert set(answers.scalars()) & set(scopes) == {scopes[2]}
    with UnitOfWork() as uow:
        s = uow.session
        erased = s.get(Member, member_id)
        assert erased is not None and erased.erased_at is not None
        assert (erased.name, erased.phone, erased.birthday, erased.home_latitude) == (
            None,
            None,
            None,
            None,
        )
        assert erased.points == 0
        forfeited = s.scalar(
            select(PointsEntry.delta).where(
                PointsEntry.member_id == member_id, PointsEntry.source == "account-deleted"
            )
        )
        assert forfeited is not None and forfeited < 0
        kept = s.execute(
            text("SELECT count(*) FROM orders.orders WHERE member_id = :m"), {"m": member_id}
        ).scalar_one()
        assert kept == orders  # kept for accounting, pointing at the pseudonym
        for table in (
            "touchpoints.scans",
            "feedback.journey_events",
            "recommendations.member_picks",
            "recommendations.homes",
            "recommendations.impressions",
            "recommendations.preferences",
        ):
            linked = s.execute(
                text(f"SELECT count(*) FROM {table} WHERE member_id = :m"), {"m": member_id}
            ).scalar_one()
            assert linked == 0, table
        assert (
            s.execute(
                text("SELECT count(*) FROM stores.member_notes WHERE member_id = :m"),
                {"m": member_id},
            ).scalar_one()
            == 0
        )
        if name:
            assert (
                s.scalar(select(Member.id).where(Member.id == member_id, Member.name == name))
                is None
            )
    refused = client.get("/mp/v1/me", headers=headers)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "account_deleted"


def test_withdrawing_care_consent_stops_the_next_greeting(client: TestClient) -> None:
    member = factories.member(birthday=date(1990, 6, 1))
    other = factories.member(birthday=date(1991, 6, 1))
    withdrawn = client.put(
        "/mp/v1/me/consents", json={"care": False}, headers=factories.shopper_headers(member.id)
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["care"] is False
    now = datetime(2027, 6, 1, 2, 0, tzinfo=ZoneInfo("UTC"))
    with UnitOfWork() as uow:
        assert (
            care.send_birthday_greetings(session=uow.session, now=now, timezone="Asia/Shanghai")
            == 1
        )
        uow.commit()
    with UnitOfWork() as uow:
        greeted = set(
            uow.session.scalars(
                select(Delivery.member_id).where(Delivery.template == "birthday_greeting")
            )
        )
    assert greeted == {other.id}
