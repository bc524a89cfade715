"""The ERP stock feed as read: files into batches, and the line checks that need no locks."""

from __future__ import annotations

import pytest

from inventory.stock_feed import FeedBatch, FeedLine, check, read_csv, read_file
from services.platform.errors import InvalidInput

HEADER = "batch_id,line_id,sku,location,on_hand\n"
SKUS = {"TEE-M": 1, "TEE-L": 2}
LOCATIONS = {"L-SH": 10, "L-BJ": 20}


def test_lines_sharing_a_batch_id_form_a_batch_in_file_order() -> None:
    batches = read_csv(
        (HEADER + "B2,1,TEE-M,L-SH,4\nB1,1,TEE-M,L-BJ,2\nB2,2,TEE-L,L-SH,x\n").encode()
    )
    assert [b.batch_id for b in batches] == ["B2", "B1"]
    assert [(ln.line, ln.on_hand) for ln in batches[0].lines] == [(2, 4), (4, None)]


def test_columns_may_come_in_any_order_and_a_bom_is_ignored() -> None:
    data = "\ufeffon_hand,sku,location,line_id,batch_id\n7,TEE-M,L-SH,9,B\n".encode()
    (line,) = read_csv(data)[0].lines
    assert (line.line_id, line.sku, line.location, line.on_hand) == ("9", "TEE-M", "L-SH", 7)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00garbage\x81\x82",
        b"",
        b"a,b,c\n1,2,3\n",
        (HEADER + "B,1,TEE-M,L-SH,1\x00\n").encode(),
        HEADER.encode(),
    ],
)
def test_what_is_not_a_stock_file_is_refused_clearly(data: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_csv(data)
    assert refused.value.code == "import_file_unreadable"


def test_only_csv_and_json_files_are_read() -> None:
    with pytest.raises(InvalidInput):
        read_file("stock.xlsx", b"")


def _batch(*lines: tuple[str, str, str, int | None]) -> FeedBatch:
    return FeedBatch("B1", [FeedLine(n, *line) for n, line in enumerate(lines, start=2)])


def test_each_bad_line_is_rejected_with_its_reason() -> None:
    batch = _batch(
        ("1", "TEE-M", "L-SH", 5),
        ("2", "NOPE", "L-SH", 5),
        ("3", "TEE-M", "L-XX", 5),
        ("4", "TEE-L", "L-SH", -1),
        ("1", "TEE-L", "L-BJ", 5),
        ("6", "TEE-M", "L-SH", 8),
        ("7", "TEE-L", "L-BJ", None),
        ("bad id!", "TEE-L", "L-BJ", 1),
    )
    resolved, rejected = check(batch, skus=SKUS, locations=LOCATIONS)
    assert [(r.location_id, r.sku_id, r.line.on_hand) for r in resolved] == [(10, 1, 5)]
    assert [(r.line, r.code) for r in rejected] == [
        (3, "unknown_sku"),
        (4, "unknown_location"),
        (5, "negative"),
        (6, "duplicate"),  # line id 1 again
        (7, "duplicate"),  # TEE-M at L-SH again
        (8, "malformed"),
        (9, "malformed"),
    ]


def test_a_batch_id_that_cannot_name_a_movement_rejects_its_lines() -> None:
    batch = FeedBatch("x" * 33, [FeedLine(2, "1", "TEE-M", "L-SH", 1)])
    _, rejected = check(batch, skus=SKUS, locations=LOCATIONS)
    assert [r.code for r in rejected] == ["malformed"]


def test_the_digest_tells_a_repeat_from_other_lines() -> None:
    one = _batch(("1", "TEE-M", "L-SH", 5))
    assert one.digest() == _batch(("1", "TEE-M", "L-SH", 5)).digest()
    assert one.digest() != _batch(("1", "TEE-M", "L-SH", 6)).digest()
