"""Inputs a fuzzer found making 500s: integers beyond PostgreSQL's range and unstorable text.

Each answer must be a 4xx in the one JSON error shape, whoever calls.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.api.test_errors import assert_error_shape
from tests.shop import Shop, idem, open_shop

BEYOND_INT4 = 355687428096001
BEYOND_INT8 = 2**63 + 5


def _refused(response: Any, *statuses: int) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if statuses:
        assert response.status_code in statuses, (response.status_code, response.text)
    body = response.json()
    assert_error_shape(body)
    return dict(body["error"])


def _send(client: TestClient, method: str, path: str, body: Any, **headers: str) -> Any:
    """JSON with escapes (``\\u0000``, ``\\ud800``), as a client library would send it."""
    headers = {"content-type": "application/json", **headers}
    return client.request(method, path, content=json.dumps(body), headers=headers)


@pytest.fixture
def shop(db: dict[str, str]) -> Shop:
    return open_shop()


@pytest.fixture
def hq() -> dict[str, str]:
    manager = factories.manager([], hq=True)
    return factories.manager_headers(manager.id, hq=True)


@pytest.mark.parametrize(
    "path",
    [
        f"/mp/v1/products/{BEYOND_INT4}",
        f"/mp/v1/products/{BEYOND_INT8}",
        "/mp/v1/products/0",
        "/mp/v1/products/-5",
    ],
)
def test_product_ids_beyond_the_column_are_refused(client: TestClient, path: str) -> None:
    error = _refused(client.get(path), 404, 422)
    assert error["code"] in {"invalid_input", "product_not_found"}


@pytest.mark.parametrize(
    "path",
    [
        "/manager/v1/stores/9999999999999",
        "/manager/v1/touchpoints/8315307278",
        "/manager/v1/touchpoints/8315307278/qr.png",
        "/manager/v1/stores/-1126999999999999/touchpoints/sheet",
        "/manager/v1/stores/99999999999/touchpoints/sheet",
        "/manager/v1/orders?store_id=99999999999",
        "/manager/v1/touchpoints?store_id=99999999999",
    ],
)
def test_manager_ids_beyond_the_column_are_refused(
    client: TestClient, shop: Shop, hq: dict[str, str], path: str
) -> None:
    _refused(client.get(path, headers=hq), 404, 422)


@pytest.mark.parametrize("sku_id", [889329367508472832, 2**31, BEYOND_INT8])
def test_sku_ids_beyond_the_column_are_refused_when_asking_availability(
    client: TestClient, shop: Shop, sku_id: int
) -> None:
    body = {"lines": [{"sku_id": sku_id, "quantity": 1}], "lat": 31.2, "lon": 121.5}
    _refused(client.post("/mp/v1/availability", json=body), 422)
    query = {"items": f"{sku_id}:1", "lat": 31.2, "lon": 121.5}
    _refused(client.get("/mp/v1/availability", params=query), 422)


@pytest.mark.parametrize(
    "change",
    [
        {"lines": [{"sku_id": 889329367508472832, "quantity": 1}]},
        {"store_id": 2**31},
        {"touchpoint_id": 8315307278},
        {"guide_id": 2**40},
    ],
)
def test_order_ids_beyond_the_column_are_refused(
    client: TestClient, shop: Shop, change: dict[str, Any]
) -> None:
    response = client.post(
        "/mp/v1/orders", json=shop.order_body(**change), headers={**shop.shopper(), **idem()}
    )
    _refused(response, 422)


@pytest.mark.parametrize("category", ["a\x00b", "\x00"])
def test_nul_in_a_query_string_is_refused(client: TestClient, category: str) -> None:
    error = _refused(client.get("/mp/v1/products", params={"category": category}), 422)
    assert error["code"] == "invalid_input"


@pytest.mark.parametrize("door", ["tablet", "manager"])
@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "gu\u0000ide", "password": "x"},
        {"username": "guide", "password": "pa\u0000ss"},
        {"username": "gu\ud800ide", "password": "x"},
    ],
)
def test_unstorable_text_in_a_staff_login_is_refused(
    client: TestClient, db: dict[str, str], door: str, credentials: dict[str, str]
) -> None:
    response = _send(client, "POST", f"/{door}/v1/auth/login", credentials)
    assert _refused(response, 422)["code"] == "invalid_input"


def test_unstorable_text_in_a_body_is_refused_wherever_it_sits(
    client: TestClient, shop: Shop
) -> None:
    headers = shop.shopper()
    for body in (
        {"name": "Li\u0000 Lei"},
        {"name": "Li \udfff"},
    ):
        assert _refused(_send(client, "PATCH", "/mp/v1/me", body, **headers), 422)
    address = {"name": "Li", "phone": "13800000000", "city": "Shanghai", "address": "1\x00 Road"}
    order = {
        "fulfilment": "delivery",
        "delivery_address": address,
        "lines": [{"sku_id": shop.sku_ids[0], "quantity": 1}],
    }
    response = _send(client, "POST", "/mp/v1/orders", order, **headers, **idem())
    assert _refused(response, 422)["code"] == "invalid_input"
    # A lone surrogate as raw (invalid) UTF-8 in the body, not only as a JSON escape.
    raw = b'{"code": "abc\xed\xa0\x80", "device_id": "device-0001"}'
    response = client.post(
        "/mp/v1/auth/login", content=raw, headers={"content-type": "application/json"}
    )
    _refused(response, 400, 422)


@pytest.mark.parametrize(
    "path",
    ["/mp/v1/orders/O12%0034", "/tablet/v1/orders/O1%00/accept"],
)
def test_nul_in_a_path_is_refused(client: TestClient, shop: Shop, path: str) -> None:
    headers = shop.shopper() if path.startswith("/mp") else shop.guide()
    method = "POST" if path.endswith("accept") else "GET"
    _refused(client.request(method, path, headers=headers), 404, 422)


@pytest.mark.parametrize(
    "proof",
    [
        {"code": "²²²²²²"},
        {"code": "٣٣٣٣٣٣"},
        {"qr": "PK1.O1.².k1.abc"},
        {"qr": "PK1.O1.1.k1.ünïcödé"},
    ],
)
def test_odd_digits_and_non_ascii_pickup_proofs_are_refused(
    client: TestClient, shop: Shop, proof: dict[str, str]
) -> None:
    _refused(client.post("/tablet/v1/handover", json=proof, headers=shop.guide()), 403, 404, 422)
    _refused(
        client.post("/tablet/v1/orders/O1/handover", json=proof, headers=shop.guide()),
        403,
        404,
        422,
    )
