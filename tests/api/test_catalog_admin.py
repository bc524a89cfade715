"""/manager/v1/catalog: HQ writes, regions read, shoppers see each change at once."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from inventory.models import CatalogAudit, Sku
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import Shop, idem, open_shop

CATALOG = "/manager/v1/catalog"


def _hq() -> dict[str, str]:
    return factories.new_manager_headers(hq=True)


def _category(client: TestClient, headers: dict[str, str], code: str = "rainwear") -> None:
    made = client.post(
        f"{CATALOG}/categories",
        json={"code": code, "name": code.title()},
        headers={**headers, **idem()},
    )
    assert made.status_code == 201, made.text


def _product_body(code: str = "P0901") -> dict[str, Any]:
    return {
        "code": code,
        "name": "Monsoon Poncho",
        "description": "Packable.",
        "category": "rainwear",
        "image_urls": ["https://cdn.example.com/p/P0901/front.jpg"],
        "skus": [
            {"code": f"{code}-BK-M", "variant": "Black / M", "price_fen": 89900},
            {"code": f"{code}-BK-L", "variant": "Black / L", "price_fen": 89900},
        ],
    }


def _audit(entity: str, entity_id: int) -> list[CatalogAudit]:
    with UnitOfWork() as uow:
        rows = list(
            uow.session.scalars(
                select(CatalogAudit)
                .where(CatalogAudit.entity == entity, CatalogAudit.entity_id == entity_id)
                .order_by(CatalogAudit.id)
            )
        )
        uow.session.expunge_all()
        return rows


def test_hq_creates_a_product_once_and_shoppers_see_it(client: TestClient) -> None:
    hq = _hq()
    _category(client, hq)
    key = idem()
    made = client.post(f"{CATALOG}/products", json=_product_body(), headers={**hq, **key})
    assert made.status_code == 201, made.text
    again = client.post(f"{CATALOG}/products", json=_product_body(), headers={**hq, **key})
    assert again.status_code == 201 and again.json() == made.json()
    product = made.json()
    assert [s["price_fen"] for s in product["skus"]] == [89900, 89900]

    shown = client.get(f"/mp/v1/products/{product['id']}").json()
    assert shown["image_urls"] == ["https://cdn.example.com/p/P0901/front.jpg"]
    assert [s["code"] for s in shown["skus"]] == ["P0901-BK-M", "P0901-BK-L"]

    taken = client.post(f"{CATALOG}/products", json=_product_body(), headers={**hq, **idem()})
    assert (taken.status_code, taken.json()["error"]["code"]) == (409, "product_code_taken")
    created = _audit("product", product["id"])
    assert [(a.action, a.actor_role) for a in created] == [("created", "manager")]
    assert created[0].after is not None and created[0].after["code"] == "P0901"

    unknown = client.post(
        f"{CATALOG}/products",
        json={**_product_body("P0902"), "category": "nothing-here"},
        headers={**hq, **idem()},
    )
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (422, "category_unknown")


def test_a_regional_manager_reads_the_catalog_but_cannot_change_it(client: TestClient) -> None:
    region = factories.region()
    regional = factories.new_manager_headers((region.id,))
    sku_id = factories.sku(price_fen=10000)
    with UnitOfWork() as uow:
        product_id = uow.session.get_one(Sku, sku_id).product_id

    assert client.get(f"{CATALOG}/products/{product_id}", headers=regional).status_code == 200
    writes = [
        ("post", f"{CATALOG}/categories", {"code": "x", "name": "X"}),
        ("post", f"{CATALOG}/products", _product_body()),
        ("patch", f"{CATALOG}/products/{product_id}", {"active": False}),
        ("post", f"{CATALOG}/products/{product_id}/skus", _product_body()["skus"][0]),
        ("patch", f"{CATALOG}/skus/{sku_id}", {"active": False}),
        ("post", f"{CATALOG}/skus/{sku_id}/prices", {"price_fen": 1}),
        ("delete", f"{CATALOG}/prices/1", None),
    ]
    for method, path, body in writes:
        answer = client.request(method, path, json=body, headers={**regional, **idem()})
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "catalog_hq_only"), (
            path
        )
    audit = client.get(f"{CATALOG}/audit", headers=regional)
    assert (audit.status_code, audit.json()["error"]["code"]) == (403, "catalog_hq_only")

    with UnitOfWork() as uow:
        sku = uow.session.get_one(Sku, sku_id)
        assert (sku.active, sku.price_fen) == (True, 10000)
    assert _audit("sku", sku_id) == [] and _audit("price", sku_id) == []
    shop = open_shop()
    guide = client.get(f"{CATALOG}/products", headers=shop.guide())
    assert guide.status_code == 401


def _availability(client: TestClient, shop: Shop) -> Any:
    return client.get(
        "/mp/v1/availability",
        params={"items": f"{shop.sku_ids[0]}:1", "lat": 31.5, "lon": 121.9},
    )


def test_deactivation_hides_from_catalog_availability_and_checkout_together(
    client: TestClient,
) -> None:
    hq = _hq()
    # Both stores first: the store locator's snapshot may not see a store opened later.
    shops = {
        target: open_shop(units=5, latitude=31.5, longitude=121.9) for target in ("sku", "product")
    }
    for target, shop in shops.items():
        sku_id = shop.sku_ids[0]
        with UnitOfWork() as uow:
            product_id = uow.session.get_one(Sku, sku_id).product_id
        assert client.get(f"/mp/v1/products/{product_id}").status_code == 200
        seen = _availability(client, shop).json()
        assert [p["store_id"] for p in seen["pickup"]] == [shop.store_id], (target, seen)

        path = f"{CATALOG}/skus/{sku_id}" if target == "sku" else f"{CATALOG}/products/{product_id}"
        off = client.patch(path, json={"active": False}, headers=hq)
        assert off.status_code == 200, off.text

        listed = client.get("/mp/v1/products").json()["items"]
        assert all(sku_id not in [s["id"] for s in p["skus"]] for p in listed), target
        one = client.get(f"/mp/v1/products/{product_id}")
        assert one.status_code == 404 if target == "product" else one.json()["skus"] == []
        hidden = _availability(client, shop)
        assert (hidden.status_code, hidden.json()["error"]["code"]) == (404, "sku_not_found")
        order = client.post(
            "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
        )
        assert (order.status_code, order.json()["error"]["code"]) == (404, "sku_not_found")

        entity, entity_id = (target, sku_id if target == "sku" else product_id)
        assert [(a.action, a.before, a.after) for a in _audit(entity, entity_id)] == [
            ("deactivated", {"active": True}, {"active": False})
        ]
        # Managers still see it, marked off sale; switching it back on sells it again.
        managed = client.get(f"{CATALOG}/products/{product_id}", headers=hq).json()
        assert (managed["active"], managed["skus"][0]["active"]) == (
            target != "product",
            target != "sku",
        )
        assert client.patch(path, json={"active": True}, headers=hq).status_code == 200
        assert _availability(client, shop).status_code == 200


def test_a_price_change_shows_at_once_and_orders_keep_their_price(client: TestClient) -> None:
    hq = _hq()
    shop = open_shop(units=5, price_fen=19900)
    sku_id = shop.sku_ids[0]
    before = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    )
    assert before.status_code == 201, before.text

    changed = client.post(
        f"{CATALOG}/skus/{sku_id}/prices", json={"price_fen": 15900}, headers={**hq, **idem()}
    )
    assert changed.status_code == 201, changed.text
    assert changed.json()["status"] == "applied"

    with UnitOfWork() as uow:
        product_id = uow.session.get_one(Sku, sku_id).product_id
    assert client.get(f"/mp/v1/products/{product_id}").json()["skus"][0]["price_fen"] == 15900
    after = client.post(
        "/mp/v1/orders", json=shop.order_body(), headers={**shop.shopper(), **idem()}
    )
    assert after.status_code == 201, after.text
    assert after.json()["lines"][0]["unit_price_fen"] == 15900
    kept = client.get(f"/mp/v1/orders/{before.json()['number']}", headers=shop.shopper()).json()
    assert kept["lines"][0]["unit_price_fen"] == 19900

    history = client.get(f"{CATALOG}/skus/{sku_id}/prices", headers=hq).json()
    assert [c["price_fen"] for c in history["items"]] == [15900]
    audit = client.get(f"{CATALOG}/audit", params={"entity": "price"}, headers=hq).json()
    assert [
        (a["action"], a["before"]["price_fen"], a["after"]["price_fen"]) for a in audit["items"]
    ] == [("price_set", 19900, 15900)]


def test_a_scheduled_price_is_refused_in_the_past_and_can_be_withdrawn(client: TestClient) -> None:
    hq = _hq()
    sku_id = factories.sku(price_fen=10000)
    past = client.post(
        f"{CATALOG}/skus/{sku_id}/prices",
        json={"price_fen": 9000, "effective_at": "2020-01-01T00:00:00+08:00"},
        headers={**hq, **idem()},
    )
    assert (past.status_code, past.json()["error"]["code"]) == (422, "price_time_past")
    naive = client.post(
        f"{CATALOG}/skus/{sku_id}/prices",
        json={"price_fen": 9000, "effective_at": "2099-01-01T00:00:00"},
        headers={**hq, **idem()},
    )
    assert (naive.status_code, naive.json()["error"]["code"]) == (422, "price_time_without_zone")

    scheduled = client.post(
        f"{CATALOG}/skus/{sku_id}/prices",
        json={"price_fen": 9000, "effective_at": "2026-12-31T16:00:00+00:00"},
        headers={**hq, **idem()},
    )
    assert scheduled.status_code == 201, scheduled.text
    change = scheduled.json()
    assert change["status"] == "scheduled"
    with UnitOfWork() as uow:
        product_id = uow.session.get_one(Sku, sku_id).product_id
    managed = client.get(f"{CATALOG}/products/{product_id}", headers=hq).json()
    assert managed["skus"][0]["price_fen"] == 10000
    assert [u["id"] for u in managed["skus"][0]["upcoming"]] == [change["id"]]

    withdrawn = client.delete(f"{CATALOG}/prices/{change['id']}", headers=hq)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "cancelled"
    twice = client.delete(f"{CATALOG}/prices/{change['id']}", headers=hq)
    assert (twice.status_code, twice.json()["error"]["code"]) == (409, "price_change_started")
    assert [a.action for a in _audit("price", sku_id)] == ["price_scheduled", "price_cancelled"]


def test_categories_and_skus_are_created_and_edited_with_an_audit(client: TestClient) -> None:
    hq = _hq()
    _category(client, hq, "packs")
    categories = client.get(f"{CATALOG}/categories", headers=hq).json()
    packs = next(c for c in categories if c["code"] == "packs")
    renamed = client.patch(f"{CATALOG}/categories/{packs['id']}", json={"name": "Bags"}, headers=hq)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Bags"

    made = client.post(
        f"{CATALOG}/products",
        json={**_product_body("P0903"), "category": "packs", "skus": []},
        headers={**hq, **idem()},
    ).json()
    sku = client.post(
        f"{CATALOG}/products/{made['id']}/skus",
        json={"code": "P0903-OS", "variant": "One size", "price_fen": 25900},
        headers={**hq, **idem()},
    )
    assert sku.status_code == 201, sku.text
    edited = client.patch(
        f"{CATALOG}/skus/{sku.json()['id']}",
        json={"variant": "One size / Olive", "purchase_limit": 2},
        headers=hq,
    )
    assert edited.status_code == 200 and edited.json()["purchase_limit"] == 2
    null = client.patch(f"{CATALOG}/products/{made['id']}", json={"name": None}, headers=hq)
    assert (null.status_code, null.json()["error"]["code"]) == (422, "null_field")
    assert [(a.action, a.before, a.after) for a in _audit("sku", sku.json()["id"])][1:] == [
        (
            "updated",
            {"variant": "One size", "purchase_limit": None},
            {"variant": "One size / Olive", "purchase_limit": 2},
        )
    ]
    assert [a.action for a in _audit("category", packs["id"])] == ["created", "updated"]


def test_hq_uploads_an_erp_catalog_as_json_or_csv(client: TestClient) -> None:
    hq = _hq()
    _category(client, hq)
    line = {
        "product_code": "E0901",
        "product_name": "Monsoon Poncho",
        "category": "rainwear",
        "sku_code": "E0901-BK-M",
        "variant": "Black / M",
        "price_fen": 39900,
    }
    bad = client.post(
        f"{CATALOG}/imports",
        json={"lines": [line, {**line, "sku_code": "E0901-BK-L", "price_fen": 0}]},
        headers=hq,
    )
    assert bad.status_code == 200, bad.text
    assert (bad.json()["applied"], bad.json()["rejected_lines"][0]["line"]) == (False, 2)
    assert client.get(f"{CATALOG}/products", headers=hq).json()["total"] == 0

    made = client.post(f"{CATALOG}/imports", json={"lines": [line]}, headers=hq).json()
    assert (made["applied"], made["skus_created"]) == (True, 1)
    csv = (
        "product_code,product_name,category,sku_code,variant,price_fen\n"
        "E0901,Monsoon Poncho,rainwear,E0901-BK-M,Black / M,35900\n"
    )
    uploaded = client.post(
        f"{CATALOG}/imports/csv", content=csv.encode(), headers={**hq, "Content-Type": "text/csv"}
    )
    assert uploaded.status_code == 200, uploaded.text
    assert (uploaded.json()["prices_changed"], uploaded.json()["skus_created"]) == (1, 0)
    shown = client.get("/mp/v1/products").json()["items"]
    assert [s["price_fen"] for p in shown for s in p["skus"]] == [35900]
    audit = client.get(f"{CATALOG}/audit", params={"entity": "price"}, headers=hq).json()
    assert audit["items"][0]["actor_role"] == "import"
    assert audit["items"][0]["source"] == uploaded.json()["source"]

    junk = client.post(f"{CATALOG}/imports/csv", content=b"nope", headers=hq)
    assert (junk.status_code, junk.json()["error"]["code"]) == (422, "import_file_unreadable")
    regional = factories.new_manager_headers((factories.region().id,))
    refused = client.post(f"{CATALOG}/imports", json={"lines": [line]}, headers=regional)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "catalog_hq_only")
