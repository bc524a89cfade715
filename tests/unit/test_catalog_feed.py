"""Reading and checking an ERP catalog feed, line by line, without a database."""

from __future__ import annotations

import pytest

from inventory.catalog_feed import check, read_csv, read_file
from services.platform.errors import InvalidInput

HEADER = "product_code,product_name,category,sku_code,variant,price_fen,image_urls,active\n"


def test_csv_lines_are_parsed_with_their_line_numbers_and_optional_cells() -> None:
    data = (
        HEADER
        + "P1,Poncho,jackets,P1-M,M,89900,https://cdn.example.com/a.jpg|https://cdn.example.com/b.jpg,\n"
        + "\n"
        + "P1,Poncho,jackets,P1-L,L,89900,,false\n"
    ).encode()
    good, rejected = check(read_csv(data))
    assert rejected == []
    assert [(line, row.sku_code) for line, row in good] == [(2, "P1-M"), (4, "P1-L")]
    first, second = good[0][1], good[1][1]
    assert first.image_urls == ["https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg"]
    assert (first.active, second.active, second.image_urls) == (None, False, None)


def test_each_bad_line_is_named_with_why() -> None:
    data = (
        HEADER
        + "P1,Poncho,jackets,P1-M,M,0,,\n"  # price below one fen
        + "P1,Poncho,jackets,P1-L,L,100\n"  # a field short
        + "P2,Cap,Bad Category,P2-1,One,500,,\n"
        + "P3,Hat,accessories,P3-1,One,500,javascript:alert(1),\n"
        + "P4,Sock,accessories,P4-1,One,500,,\n"
        + "P4,Sock,accessories,P4-1,One,600,,\n"  # the same SKU again
        + "P4,Socks!,accessories,P4-2,Two,500,,\n"  # the product told another way
    ).encode()
    good, rejected = check(read_csv(data))
    assert [(line, row.sku_code) for line, row in good] == [(6, "P4-1")]
    assert [(r.line, r.code) for r in rejected] == [
        (2, "malformed"),
        (3, "malformed"),
        (4, "malformed"),
        (5, "malformed"),
        (7, "duplicate"),
        (8, "product_disagrees"),
    ]
    assert rejected[0].message.startswith("price_fen")
    assert rejected[2].message.startswith("category")


def test_a_file_that_is_not_a_feed_is_refused_whole() -> None:
    for name, data in [
        ("x.csv", b""),
        ("x.csv", b"sku,qty\n1,2\n"),
        ("x.csv", HEADER.encode()),
        ("x.csv", b"\xff\xfe"),
        ("x.json", b"[1, 2]"),
        ("x.txt", HEADER.encode()),
    ]:
        with pytest.raises(InvalidInput) as refused:
            read_file(name, data)
        assert refused.value.code == "import_file_unreadable"


def test_json_lines_are_checked_like_csv_ones() -> None:
    data = (
        b'{"lines": [{"product_code": "P1", "product_name": "Poncho", "category": "jackets",'
        b' "sku_code": "P1-M", "variant": "M", "price_fen": 100}, 7]}'
    )
    good, rejected = check(read_file("feed.json", data))
    assert [row.sku_code for _, row in good] == ["P1-M"]
    assert [(r.line, r.code) for r in rejected] == [(2, "malformed")]
