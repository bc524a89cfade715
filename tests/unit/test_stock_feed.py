"""The ERP stock feed's shape: the CSV header, JSON rows, and rejected lines in words."""

from __future__ import annotations

import pytest

from inventory.stock_feed import csv_columns, json_rows, message
from services.platform.errors import InvalidInput

HEADER = "batch_id,line_id,sku,location,on_hand\n"


def test_the_header_may_name_the_columns_in_any_order() -> None:
    data = "\ufeffOn_hand, sku,location,line_id,batch_id\n7,TEE-M,L-SH,9,B\n".encode()
    assert csv_columns(data) == ["on_hand", "sku", "location", "line_id", "batch_id"]


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00garbage\x81\x82",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"",
        b"a,b,c\n1,2,3\n",
        b"batch_id,line_id,sku,location\nB,1,TEE,L\n",
        (HEADER + "B,1,TEE-M,L-SH,1\x00\n").encode(),
        HEADER.encode(),
    ],
)
def test_what_is_not_a_stock_file_is_refused_clearly(data: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        csv_columns(data)
    assert refused.value.code == "import_file_unreadable"
    assert refused.value.message.startswith("the stock file cannot be read: ")


def test_json_lines_are_numbered_within_their_batch() -> None:
    body = {
        "batches": [
            {
                "batch_id": "A",
                "lines": [{"line_id": "x", "sku": "S", "location": "L", "on_hand": 3}],
            },
            {
                "batch_id": "B",
                "lines": [
                    {"line_id": "y", "sku": "S", "location": "L", "on_hand": -1},
                    {"line_id": "z", "sku": "T", "location": "L", "on_hand": 0},
                ],
            },
        ]
    }
    assert list(json_rows(body)) == [
        (1, "A", "x", "S", "L", "3"),
        (1, "B", "y", "S", "L", "-1"),
        (2, "B", "z", "T", "L", "0"),
    ]


def test_each_rejection_says_why_in_words() -> None:
    line = {"sku": "TEE-PINK", "location": "L-XX", "on_hand": "-2", "reserved": 3}
    assert message("unknown_sku", line) == "no SKU 'TEE-PINK' in the catalog"
    assert message("unknown_location", line) == "no stock location 'L-XX' of yours"
    assert message("negative", line) == "on_hand -2 is below zero"
    assert message("below_reserved", line) == "on_hand -2 is below the 3 units reserved"
    assert message("malformed", {**line, "field": "on_hand"}).startswith("on_hand: a whole")
