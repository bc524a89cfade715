"""The stock feed's rules across lines: repeats in a batch, rows two batches name, what to apply."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventory.stock_checks import (
    LINE_ID,
    batch_id_fault,
    line_id_faults,
    line_ids_repeated_later,
    repeated_later,
    shared_keys,
    stock_keys,
    stock_rows,
    to_apply,
)
from inventory.stock_judge import outcome


def test_unknown_codes_have_no_key_and_known_ones_one_each() -> None:
    keys = stock_keys([1, 0, 2, 1], [5, 5, 0, 6])
    assert keys[1] == keys[2] == 0
    assert keys[0] != keys[3] and keys[0] == (1 << 32) | 5


def test_the_first_line_of_a_row_stands_and_later_ones_repeat_it() -> None:
    # Arrays come in any order: the line numbers say which line is first.
    keys = stock_keys([1, 1, 2, 1, 0, 0], [5, 5, 5, 5, 9, 9])
    lines = [9, 3, 4, 7, 5, 6]
    assert repeated_later(keys, lines).tolist() == [True, False, False, True, False, False]


@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=40))
def test_repeats_are_exactly_the_lines_after_a_rows_first(rows: list[tuple[int, int]]) -> None:
    lines = list(range(len(rows), 0, -1))  # numbered backwards: the last element is line 1
    keys = stock_keys([r[0] for r in rows], [r[1] for r in rows])
    repeated = repeated_later(keys, lines)
    for n, row in enumerate(rows):
        earlier = any(rows[m] == row for m in range(n + 1, len(rows)))
        assert bool(repeated[n]) == earlier


def test_a_line_id_twice_in_a_batch_repeats_from_its_second_line() -> None:
    assert line_ids_repeated_later(["a", "b", "a", "c", "b"], [5, 4, 3, 2, 1]) == [1, 0]
    assert line_ids_repeated_later(["a", "b", "c"], [1, 2, 3]) == []


@pytest.mark.parametrize(
    ("line_id", "fault"),
    [
        ("7", False),
        ("A-1_b.c:9", False),
        ("", True),
        ("x" * 31, False),
        ("x" * 32, True),
        ("a b", True),
        ("ä", True),
        ("a/b", True),
    ],
)
def test_line_ids_are_short_plain_names(line_id: str, fault: bool) -> None:
    assert line_id_faults(["ok", line_id]) == ([1] if fault else [])


@pytest.mark.parametrize("line_id", ["a\nb", "a\n", "\n", "\nb", "a\n\nb"])
def test_a_newline_in_a_line_id_is_a_fault_not_two_ids(line_id: str) -> None:
    # The batch's ids are checked joined by newlines first: an id holding one must not pass.
    assert line_id_faults(["ok", line_id, "x"]) == [1]


@given(st.lists(st.text(alphabet="ab:\n -", max_size=33), max_size=8))
def test_line_id_faults_are_each_ids_own(line_ids: list[str]) -> None:
    expected = [n for n, line_id in enumerate(line_ids) if LINE_ID.fullmatch(line_id) is None]
    assert line_id_faults(line_ids) == expected


def test_stock_rows_are_the_keys_ids() -> None:
    locations, skus = stock_rows(stock_keys([1, 70000], [5, 2**31 - 1]))
    assert locations.tolist() == [1, 70000] and skus.tolist() == [5, 2**31 - 1]


@pytest.mark.parametrize(
    ("batch_id", "fault"),
    [
        ("B1", False),
        ("ERP-2026.11:29_1", False),
        ("", True),
        ("x" * 33, True),
        ("B/1", True),
        ("B 1", True),
    ],
)
def test_batch_ids_are_short_plain_names(batch_id: str, fault: bool) -> None:
    assert batch_id_fault(batch_id) is fault


def test_rows_two_batches_name_are_shared_and_unknown_ones_never() -> None:
    first = stock_keys([1, 1, 0], [1, 2, 7])
    second = stock_keys([1, 2, 0], [2, 2, 7])
    third = stock_keys([1, 1], [2, 2])  # its own repeat is a duplicate, not a share
    assert shared_keys([first, second]).tolist() == [(1 << 32) | 2]
    assert shared_keys([third]).tolist() == []
    assert shared_keys([]).tolist() == []


def test_lines_at_their_level_are_left_out_unless_another_batch_names_the_row() -> None:
    keys = stock_keys([2, 1, 1, 3], [1, 2, 1, 1])
    # Levels 5, 7, 9, 0 against rows at 5, 6, 9 and none yet (the judge compares them).
    changed = np.array([False, True, False, True])
    assert to_apply(keys, changed, np.zeros(0, dtype=np.int64)).tolist() == [1, 3]
    shared = stock_keys([2], [1])
    # In (location, SKU) order: (1, 2), (2, 1), (3, 1).
    assert to_apply(keys, changed, shared).tolist() == [1, 0, 3]
    assert not changed[0]  # what the judge said is not rewritten


def test_an_id_seen_before_decides_before_its_lines() -> None:
    assert outcome(digest="d", prior_digest=None, rejected_count=0) == "apply"
    assert outcome(digest="d", prior_digest=None, rejected_count=2) == "rejected_lines"
    assert outcome(digest="d", prior_digest="d", rejected_count=2) == "already_applied"
    assert outcome(digest="d", prior_digest="e", rejected_count=0) == "batch_reused"
