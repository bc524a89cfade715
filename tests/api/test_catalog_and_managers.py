"""Catalog paging for shoppers; stores scoped to a manager's regions."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from inventory.models import Sku
from services.platform.uow import UnitOfWork
from stores.models import Guide
from tests import factories


def test_products_are_paginated_with_active_skus_only(client: TestClient) -> None:
    for _ in range(5):
        factories.product(skus=2)
    factories.product(active=False)
    first = client.get("/mp/v1/products", params={"limit": 2}).json()
    second = client.get("/mp/v1/products", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == 5 and len(first["items"]) == 2 and len(second["items"]) == 2
    assert {p["id"] for p in first["items"]}.isdisjoint({p["id"] for p in second["items"]})
    assert all(len(p["skus"]) == 2 for p in first["items"])
    assert first["items"][0]["skus"][0]["currency"] == "CNY"


def test_catalog_shows_only_skus_on_sale(client: TestClient) -> None:
    """The catalog reads ``sellable.on_sale`` as placing does: a withdrawn SKU is not shown."""
    product = factories.product(skus=2)
    with UnitOfWork() as uow:
        withdrawn = uow.session.scalars(
            select(Sku).where(Sku.product_id == product.id).order_by(Sku.id)
        ).first()
        assert withdrawn is not None
        withdrawn.active = False
        kept = uow.session.scalars(
            select(Sku.id).where(Sku.product_id == product.id, Sku.active.is_(True))
        ).all()
        uow.commit()
    listed = client.get("/mp/v1/products").json()["items"]
    assert [[s["id"] for s in p["skus"]] for p in listed] == [list(kept)]
    one = client.get(f"/mp/v1/products/{product.id}").json()
    assert [s["id"] for s in one["skus"]] == list(kept)


def test_regional_manager_sees_only_their_regions(client: TestClient) -> None:
    east, west = factories.region(), factories.region()
    mine = factories.store(east.id)
    theirs = factories.store(west.id)
    boss = factories.manager([east.id])
    headers = factories.manager_headers(boss.id, (east.id,))

    listed = client.get("/manager/v1/stores", headers=headers).json()
    assert [s["id"] for s in listed["items"]] == [mine.id]
    assert client.get(f"/manager/v1/stores/{mine.id}", headers=headers).status_code == 200
    hidden = client.get(f"/manager/v1/stores/{theirs.id}", headers=headers)
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "store_not_found"


def test_hq_sees_every_region(client: TestClient) -> None:
    east, west = factories.region(), factories.region()
    factories.store(east.id)
    factories.store(west.id, status="planned")
    hq = factories.manager([], hq=True)
    headers = factories.manager_headers(hq.id, hq=True)
    assert client.get("/manager/v1/stores", headers=headers).json()["total"] == 2
    planned = client.get("/manager/v1/stores", params={"status": "planned"}, headers=headers)
    assert planned.json()["total"] == 1


def test_guide_token_for_a_deleted_guide_is_refused(client: TestClient) -> None:
    store = factories.store(factories.region().id)
    guide = factories.guide(store.id)
    headers = factories.guide_headers(guide.id, store.id)
    with UnitOfWork() as uow:
        uow.session.execute(delete(Guide).where(Guide.id == guide.id))
        uow.commit()
    response = client.get("/tablet/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_ended"


def test_shopper_me(client: TestClient) -> None:
    member = factories.member(name="Zhang Wei")
    body = client.get("/mp/v1/me", headers=factories.shopper_headers(member.id)).json()
    assert body["name"] == "Zhang Wei" and body["points"] == 0
