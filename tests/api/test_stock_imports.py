"""ERP stock imports over HTTP: HQ anywhere, regional managers in their regions only."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from inventory.models import Location, Sku
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import Shop, open_shop, stock_of

CSV_URL = "/manager/v1/stock-imports/csv"
HEADER = "batch_id,line_id,sku,location,on_hand\n"


def _codes(shop: Shop) -> tuple[str, str]:
    with UnitOfWork() as uow:
        sku = uow.session.scalars(select(Sku.code).where(Sku.id == shop.sku_ids[0])).one()
        return sku, uow.session.get_one(Location, shop.location_id).code


def _batch(batch_id: str, *lines: tuple[str, str, int]) -> dict[str, Any]:
    return {
        "batch_id": batch_id,
        "lines": [
            {"line_id": str(n), "sku": sku, "location": location, "on_hand": level}
            for n, (sku, location, level) in enumerate(lines, start=1)
        ],
    }


def test_hq_imports_json_batches_once(client: TestClient) -> None:
    shop = open_shop(units=2)
    sku, here = _codes(shop)
    hq = factories.new_manager_headers(hq=True)
    body = {"batches": [_batch("ERP-1", (sku, here, 9))]}
    first = client.post("/manager/v1/stock-imports", json=body, headers=hq)
    assert first.status_code == 200, first.text
    assert first.json()["applied"] == 1 and first.json()["batches"][0]["moved"] == 1
    again = client.post("/manager/v1/stock-imports", json=body, headers=hq)
    assert again.json()["already_applied"] == 1
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (9, 0)
    history = client.get(
        f"/manager/v1/locations/{shop.location_id}/stock/{shop.sku_ids[0]}/movements", headers=hq
    ).json()["items"]
    assert (history[0]["kind"], history[0]["reason"], history[0]["source_type"]) == (
        "adjustment",
        "count_correction",
        "import",
    )
    assert (history[0]["quantity"], history[0]["source_id"], history[0]["staff_role"]) == (
        7,
        "ERP-1/1",
        "manager",
    )


def test_a_regional_manager_cannot_import_into_another_regions_location(
    client: TestClient,
) -> None:
    mine, theirs = open_shop(units=2), open_shop(units=2)
    (my_sku, my_location), (their_sku, their_location) = _codes(mine), _codes(theirs)
    regional = factories.new_manager_headers((mine.region_id,))
    body = {"batches": [_batch("R-1", (my_sku, my_location, 5), (their_sku, their_location, 0))]}
    answer = client.post("/manager/v1/stock-imports", json=body, headers=regional)
    assert answer.status_code == 200, answer.text
    (batch,) = answer.json()["batches"]
    assert batch["status"] == "rejected"
    assert [(line["line"], line["code"]) for line in batch["rejected_lines"]] == [
        (2, "unknown_location")
    ]
    assert stock_of(mine.location_id, mine.sku_ids[0]) == (2, 0)  # the batch applied nothing
    assert stock_of(theirs.location_id, theirs.sku_ids[0]) == (2, 0)

    upload = f"{HEADER}R-2,1,{my_sku},{my_location},5\n"
    answer = client.post(CSV_URL, files={"file": ("stock.csv", upload)}, headers=regional)
    assert answer.status_code == 200, answer.text
    assert answer.json()["applied"] == 1
    assert stock_of(mine.location_id, mine.sku_ids[0]) == (5, 0)


def test_csv_that_cannot_be_read_is_a_clear_422(client: TestClient) -> None:
    shop = open_shop(units=2)
    sku, here = _codes(shop)
    hq = factories.new_manager_headers(hq=True)
    for upload, says in (
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01garbage\x81", "not UTF-8"),
        (b"sku;qty\nA;1\n", "the first line must name the columns"),
        (f"{HEADER}B,1,{sku},{here},3\nB,2,{sku},{here},3,extra\n".encode(), "line 3"),
        (f'{HEADER}B,1,"{sku},{here},3\n'.encode(), "line"),
    ):
        answer = client.post(CSV_URL, files={"file": ("x.csv", upload)}, headers=hq)
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["code"] == "import_file_unreadable" and says in error["message"], error
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 0)


def test_a_bad_line_in_an_upload_is_reported_and_applies_nothing(client: TestClient) -> None:
    shop = open_shop(units=2, skus=2)
    sku, here = _codes(shop)
    hq = factories.new_manager_headers(hq=True)
    upload = f"{HEADER}B,1,{sku},{here},8\nB,2,{sku},{here},4\nB,3,{sku},{here},-1\n"
    answer = client.post(CSV_URL, files={"file": ("stock.csv", upload)}, headers=hq)
    (batch,) = answer.json()["batches"]
    assert [(line["line"], line["code"]) for line in batch["rejected_lines"]] == [
        (3, "duplicate"),
        (4, "negative"),
    ]
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 0)
